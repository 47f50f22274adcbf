import { POLICY_RULES, checkPolicies, type PolicyResource } from '../policies';
import { TYPES } from '../policies/types';

const staging = { stack: 'staging', allowApiFromAnywhere: false };
const prod = { stack: 'prod', allowApiFromAnywhere: false };
const res = (type: string, name: string, props: Record<string, unknown>): PolicyResource => ({ type, name, props });
const rulesOf = (resources: PolicyResource[], context = staging) =>
  checkPolicies(resources, context).map((v) => `${v.rule}:${v.resource}`);

const protectedBucket = (name: string) => [
  res(TYPES.bucket, name, {}),
  res(TYPES.bucketEncryption, name, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' } }] }),
  res(TYPES.bucketPublicAccessBlock, name, {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  }),
  res(TYPES.bucketVersioning, name, { versioningConfiguration: { status: 'Enabled' } }),
];
const goodRepository = (name: string) => [
  res(TYPES.ecrRepository, name, {
    name,
    imageTagMutability: 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
  }),
  res(TYPES.ecrLifecyclePolicy, name, { repository: name }),
];
const serviceRelease = (service: string, values: Record<string, unknown>) =>
  res(TYPES.helmRelease, `services-${service}`, { chart: `/repo/helm/${service}`, values });
const cache = (props: Record<string, unknown> = {}) =>
  res(TYPES.replicationGroup, 'cache', {
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    atRestEncryptionEnabled: true,
    numCacheClusters: 2,
    automaticFailoverEnabled: true,
    multiAzEnabled: true,
    ...props,
  });
const haValues = {
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  autoscaling: { minReplicas: 2 },
  pdb: { create: true },
};

describe('policy rules', () => {
  it('accept a compliant set of resources', () => {
    const resources = [
      ...protectedBucket('backups'),
      ...goodRepository('registry-cart-service'),
      res(TYPES.kmsKey, 'backups', { enableKeyRotation: true }),
      res(TYPES.eksCluster, 'cluster', { publicAccessCidrs: ['198.51.100.0/24'] }),
      serviceRelease('cart-service', haValues),
      cache(),
    ];
    expect(checkPolicies(resources, staging)).toEqual([]);
  });

  it.each([
    ['without TLS', { transitEncryptionEnabled: false }],
    ['accepting plain connections next to TLS', { transitEncryptionMode: 'preferred' }],
    ['unencrypted at rest', { atRestEncryptionEnabled: undefined }],
  ])('flag an ElastiCache replication group %s', (_case, props) => {
    expect(rulesOf([cache(props)])).toEqual(['elasticache-encrypted:cache']);
  });

  it('flag a bucket without encryption, public access block or versioning', () => {
    expect(rulesOf([res(TYPES.bucket, 'logs', {})])).toEqual([
      's3-bucket-encrypted:logs',
      's3-bucket-not-public:logs',
      's3-bucket-versioned:logs',
    ]);
  });

  it('flag a public access block that leaves one setting off, and a suspended versioning', () => {
    const [bucket, encryption] = protectedBucket('data');
    const resources = [
      bucket,
      encryption,
      res(TYPES.bucketPublicAccessBlock, 'data', {
        blockPublicAcls: true,
        blockPublicPolicy: false,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      res(TYPES.bucketVersioning, 'data', { versioningConfiguration: { status: 'Suspended' } }),
    ];
    expect(rulesOf(resources)).toEqual(['s3-bucket-not-public:data', 's3-bucket-versioned:data']);
  });

  it('match a bucket protection by physical bucket name as well as by logical name', () => {
    const resources = protectedBucket('logical').map((r) =>
      r.type === TYPES.bucket
        ? { ...r, props: { bucket: 'physical' } }
        : { ...r, name: 'other', props: { ...r.props, bucket: 'physical' } },
    );
    expect(checkPolicies(resources, staging)).toEqual([]);
  });

  it('flag an ECR repository with mutable tags, no scan on push or no lifecycle policy', () => {
    const resources = [
      res(TYPES.ecrRepository, 'r', {
        name: 'r',
        imageTagMutability: 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: false },
      }),
    ];
    expect(rulesOf(resources)).toEqual(['ecr-scan-on-push:r', 'ecr-immutable-tags:r', 'ecr-lifecycle-policy:r']);
  });

  it('flag a KMS key without rotation', () => {
    expect(rulesOf([res(TYPES.kmsKey, 'k', {})])).toEqual(['kms-key-rotation:k']);
  });

  it.each([
    ['open to 0.0.0.0/0', { publicAccessCidrs: ['10.0.0.0/8', '0.0.0.0/0'] }],
    ['left at the AWS default (no list)', {}],
  ])('flag a cluster API %s, unless the stack explicitly allows it', (_case, props) => {
    const cluster = [res(TYPES.eksCluster, 'cluster', props)];
    expect(rulesOf(cluster)).toEqual(['cluster-api-not-open:cluster']);
    expect(checkPolicies(cluster, { ...staging, allowApiFromAnywhere: true })).toEqual([]);
    expect(
      checkPolicies([res(TYPES.eksCluster, 'cluster', { ...props, endpointPublicAccess: false })], staging),
    ).toEqual([]);
  });

  it('flag a service release without a memory limit or CPU request', () => {
    const release = serviceRelease('order-service', { resources: { requests: { memory: '256Mi' } } });
    expect(rulesOf([release])).toEqual(['service-resources-set:services-order-service']);
  });

  it.each([
    ['a password value', { auth: { rootPassword: 'hunter2-hunter2' } }, 'values.auth.rootPassword'],
    ['a private key', { config: { SIGNING: '-----BEGIN PRIVATE KEY-----\nabc' } }, 'values.config.SIGNING'],
    ['a connection string with credentials', { env: { DB: 'mongodb://app:s3cret@db:27017/x' } }, 'values.env.DB'],
    ['a Redis URL with its AUTH token', { env: { CACHE: 'rediss://:t0ken@cache:6379' } }, 'values.env.CACHE'],
    // Prefixes joined at run time: no committed line looks like a Stripe key.
    [
      'a Stripe API key',
      { config: { STRIPE_SECRET_KEY: ['sk', 'live', 'a1B2c3D4e5F6g7H8'].join('_') } },
      'values.config.STRIPE_SECRET_KEY',
    ],
    [
      'a restricted Stripe key',
      { config: { PAYMENTS: ['rk', 'test', 'a1B2c3D4e5F6g7H8'].join('_') } },
      'values.config.PAYMENTS',
    ],
    [
      'a Stripe webhook signing secret',
      { config: { HOOK: ['whsec', 'a1B2c3D4e5F6g7H8'].join('_') } },
      'values.config.HOOK',
    ],
  ])('flag a Helm release carrying %s', (_case, values, path) => {
    const violations = checkPolicies([res(TYPES.helmRelease, 'rel', { chart: 'x', values })], staging);
    expect(violations).toEqual([
      expect.objectContaining({ rule: 'no-secrets-in-helm-values', message: expect.stringContaining(path) }),
    ]);
  });

  it('accept references to secrets (names and keys), which is how secrets must travel', () => {
    const values = {
      existingSecret: 'cart-service-env',
      admin: { existingSecret: 'grafana-admin', passwordKey: 'admin-password' },
      config: { SERVICE_CLIENT_ID: 'cart-service', PAYMENT_PROVIDER: 'stripe' },
    };
    expect(checkPolicies([res(TYPES.helmRelease, 'rel', { chart: 'x', values })], staging)).toEqual([]);
  });

  it('require zone-level redundancy in prod only', () => {
    const single = [
      res(TYPES.natGateway, 'nat-a', {}),
      res(TYPES.managedNodeGroup, 'nodes', { scalingConfig: { minSize: 1 } }),
      res(TYPES.helmRelease, 'database-mongodb', {
        chart: '/repo/helm/mongodb',
        values: { replicaSet: { members: 1 } },
      }),
      serviceRelease('cart-service', { ...haValues, autoscaling: { minReplicas: 1 }, pdb: { create: false } }),
      cache({ numCacheClusters: 1, automaticFailoverEnabled: false, multiAzEnabled: false }),
    ];
    expect(checkPolicies(single, staging)).toEqual([]);
    expect(checkPolicies(single, prod).map((v) => v.message)).toEqual([
      '1 NAT gateway(s); prod needs one per zone (3)',
      '1 node(s) at minimum; prod needs 2+',
      'node groups are not one per zone (3)',
      'MongoDB needs 3 replica set members in prod',
      'cache without a replica in another zone and automatic failover',
      'fewer than 2 replicas',
      'no PodDisruptionBudget',
    ]);
  });

  it.each([
    ['failover off', { automaticFailoverEnabled: false }],
    ['Multi-AZ off', { multiAzEnabled: false }],
  ])('require a prod cache to fail over across zones (%s is flagged)', (_case, props) => {
    const nats = ['a', 'b', 'c'].map((zone) => res(TYPES.natGateway, `nat-${zone}`, {}));
    expect(checkPolicies([...nats, cache()], prod)).toEqual([]);
    expect(rulesOf([...nats, cache(props)], prod)).toEqual(['prod-highly-available:cache']);
  });

  it('every rule has a unique name and a description', () => {
    const names = POLICY_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of POLICY_RULES) expect(rule.description.length).toBeGreaterThan(20);
  });
});
