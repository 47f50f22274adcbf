import { imageProblems, type ImageMap } from './images';
import { readAdditionalPublicKeys } from './jwt-keys';
import { ConfigReader } from './reader';
import { readLogging, readTracing, type LoggingSettings, type TracingSettings } from './telemetry';
import { SERVICE_NAMES, type ServiceName } from './services';
import { readGateway, readMesh, type GatewaySettings, type MeshSettings } from './traffic';

const CIDR = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/;
const ZONE = /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DOMAIN = /^([a-z0-9-]+\.)+[a-z]{2,}$/;
/** The service charts' own patterns (helm/tools/schema): what Pulumi accepts, `helm install` accepts too. */
const CPU_QUANTITY = /^([0-9]+m|[0-9]+(\.[0-9]{1,3})?)$/;
const MEMORY_QUANTITY = /^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
/** The charts' autoscaling.minReplicas/maxReplicas maximum. */
const MAX_REPLICAS = 50;
/** TEST-NET-1/2/3 (RFC 5737): documentation placeholders, never anyone's real egress. */
const DOCUMENTATION_RANGES = /^(192\.0\.2|198\.51\.100|203\.0\.113)\./;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
/** Nodes of a Valkey replication group with cluster mode disabled: one primary and up to five replicas. */
const MAX_CACHE_NODES = 6;
/** user-service refuses longer addresses (apps/user-service/src/user-settings.ts). */
const MAX_EMAIL_LENGTH = 254;

/** Everything a stack's committed config decides, validated; secrets are read separately. */
export interface StackSettings {
  stack: string;
  region: string;
  network: { cidrBlock: string; availabilityZones: string[]; natGateways: 'single' | 'perZone' };
  cluster: {
    kubernetesVersion: string;
    /** Operators' egress ranges allowed on the public endpoint; empty turns the public endpoint off. */
    publicAccessCidrs: string[];
    /** Escape hatch for 0.0.0.0/0 on the API endpoint; the policy pack refuses it unless this is true. */
    allowApiFromAnywhere: boolean;
    adminRoleArns: string[];
  };
  /** The CodeBuild-hosted GitHub Actions runner CD deploys from (inside the VPC). */
  deployRunner: { repository: string };
  /** People's roles, MFA only, and who may write to the registry (docs/operations/bootstrap.md, images.md). */
  access: AccessSettings;
  /** Sizes count per group: one group across the zones, or one per zone when perZone. */
  nodeGroup: {
    instanceType: string;
    minSize: number;
    maxSize: number;
    desiredSize: number;
    diskSizeGb: number;
    perZone: boolean;
  };
  database: {
    members: number;
    storageGi: number;
    backupSchedule: string;
    backupRetentionDays: number;
    /** Restore drills (docs/helm/mongodb-restore.md): the stack whose backups this one reads, and who reads this one's. */
    restoreDrill: { source?: { bucketArn: string; kmsKeyArn: string }; readerRoleArns: string[] };
    /** Cross-region copy of the backups (docs/operations/disaster-recovery.md); undefined: none. */
    backupReplica?: { region: string; replicationTimeControl: boolean };
  };
  /** Every service's sizing, and per service what differs (`services.<name>`, e.g. user-service's hashing CPU). */
  workload: WorkloadSizing & { services: Partial<Record<ServiceName, WorkloadSizing>> };
  images: ImageMap;
  edge: { domain: string; hostedZoneId: string };
  /** CloudFront in front of the ALB (docs/decisions/0018-cdn-for-the-catalog.md); off: the API name points at the ALB. */
  cdn: CdnSettings;
  jwt: {
    issuer: string;
    audience: string;
    /** Public keys accepted besides the signing key's own, canonical SPKI PEM (rotation with overlap). */
    additionalPublicKeys: string[];
  };
  /** The first admin user-service creates at start-up; undefined: none (its password is generated). */
  adminEmail?: string;
  /** Shared Valkey for rate limits and the catalog cache: 1 node, or 2+ for automatic failover across zones. */
  cache: { nodeType: string; nodes: number };
  /** Amazon MQ for RabbitMQ: one instance (staging) or a three-node cluster across zones (prod). */
  messaging: { deploymentMode: 'SINGLE_INSTANCE' | 'CLUSTER_MULTI_AZ'; instanceType: string };
  /** Mail to shoppers: the SES domain (DKIM records in its Route 53 zone), the sender, and the shop links point at. */
  notifications: { mailDomain: string; hostedZoneId: string; mailFrom: string; shopUrl: string };
  alertEmail: string;
  budget: { monthlyLimitUsd: number; emails: string[] };
  observability: { retention: string; storageGi: number };
  /** Traces in AWS: the collector's sampling (docs/decisions/0016-trace-backend.md). */
  tracing: TracingSettings;
  /** The log pipeline: how long CloudWatch Logs keeps the services' logs. */
  logging: LoggingSettings;
  /** The edge gateway every public request passes: its proxies, per-client-IP rate limit and CORS origins. */
  gateway: GatewaySettings;
  /** The service mesh: on or off, and the size of its control plane. */
  mesh: MeshSettings;
}

/** CloudFront price classes: edge locations in North America and Europe (100), most regions (200), or all. */
export const CDN_PRICE_CLASSES = ['PriceClass_100', 'PriceClass_200', 'PriceClass_All'] as const;

export interface CdnSettings {
  enabled: boolean;
  priceClass: (typeof CDN_PRICE_CLASSES)[number];
  /** The CloudFront-only budget (traffic drives this line, so it gets an alert of its own); set when enabled. */
  monthlyLimitUsd?: number;
}

export interface AccessSettings {
  /** Principals allowed to assume ecommerce-<stack>-admin; empty: any of the account allowed by its own IAM policy. */
  admins: string[];
  /** The same for the read-only ecommerce-<stack>-operator. */
  operators: string[];
  /** The same for ecommerce-<stack>-ecr-pull (developers pulling images). */
  developers: string[];
  /** GitHub OIDC subjects CI pushes images from; empty: no push role, nobody uploads to this stack's registry. */
  ecrPushSubjects: string[];
  /** Names of machine roles that may add tags to images already pushed (CD's promotion tags). */
  ecrTaggerRoles: string[];
}

/** Validates the stack's config values (keys without the `ecommerce:` prefix) and throws listing every problem. */
export function parseStackSettings(stack: string, region: string, raw: Record<string, unknown>): StackSettings {
  const problems: string[] = [];
  const root = ConfigReader.root(raw, problems);
  const [edge, jwt, budget, observability] = ['edge', 'jwt', 'budget', 'observability'].map((key) => root.object(key));
  const repository = root.object('deployRunner').string('repository', GITHUB_REPOSITORY);
  const settings: StackSettings = {
    stack,
    region,
    network: readNetwork(root.object('network')),
    cluster: readCluster(root.object('cluster')),
    deployRunner: { repository },
    access: readAccess(root, repository),
    nodeGroup: readNodeGroup(root.object('nodeGroup')),
    database: readDatabase(root.object('database'), region),
    workload: readWorkload(root.object('workload')),
    images: readImages(raw.images, problems),
    edge: { domain: edge.string('domain', DOMAIN), hostedZoneId: edge.string('hostedZoneId', /^Z[A-Z0-9]+$/) },
    cdn: readCdn(root),
    jwt: {
      issuer: jwt.string('issuer'),
      audience: jwt.string('audience'),
      additionalPublicKeys: readAdditionalPublicKeys(jwt),
    },
    adminEmail: readAdminEmail(root),
    cache: readCache(root.object('cache')),
    messaging: readMessaging(root.object('messaging')),
    notifications: readNotifications(root.object('notifications')),
    alertEmail: root.string('alertEmail', EMAIL),
    budget: { monthlyLimitUsd: budget.int('monthlyLimitUsd', 1, 100000), emails: budget.strings('emails', EMAIL, 1) },
    observability: {
      retention: observability.string('retention', /^\d+[dh]$/),
      storageGi: observability.int('storageGi', 5, 1000),
    },
    tracing: readTracing(root.object('tracing')),
    logging: readLogging(root.object('logging')),
    gateway: readGateway(root),
    mesh: readMesh(root),
  };
  if (problems.length > 0) throw new Error(`Invalid config for stack "${stack}":\n  - ${problems.join('\n  - ')}`);
  return settings;
}

function readNetwork(r: ConfigReader): StackSettings['network'] {
  const availabilityZones = r.strings('availabilityZones', ZONE, 3);
  if (availabilityZones.length > 3) r.problem('availabilityZones', 'expected exactly three zones');
  return {
    cidrBlock: r.string('cidrBlock', CIDR),
    availabilityZones,
    natGateways: r.oneOf('natGateways', ['single', 'perZone']),
  };
}

function readCluster(r: ConfigReader): StackSettings['cluster'] {
  const publicAccessCidrs = r.strings('publicAccessCidrs', CIDR, 0);
  const placeholders = publicAccessCidrs.filter((cidr) => DOCUMENTATION_RANGES.test(cidr));
  if (placeholders.length > 0) {
    r.problem(
      'publicAccessCidrs',
      `${placeholders.join(', ')} is a documentation range (RFC 5737): put your VPN or office egress, or [] for no public endpoint`,
    );
  }
  return {
    kubernetesVersion: r.string('kubernetesVersion', /^1\.\d{2}$/),
    publicAccessCidrs,
    allowApiFromAnywhere: r.bool('allowApiFromAnywhere', false),
    adminRoleArns: r.strings('adminRoleArns', ROLE_ARN, 0, []),
  };
}

function readNodeGroup(r: ConfigReader): StackSettings['nodeGroup'] {
  const minSize = r.int('minSize', 1, 100);
  const maxSize = r.int('maxSize', 1, 100);
  const desiredSize = r.int('desiredSize', 1, 100);
  if (desiredSize < minSize || desiredSize > maxSize) r.problem('desiredSize', 'must lie between minSize and maxSize');
  return {
    instanceType: r.string('instanceType', /^[a-z0-9]+\.[a-z0-9]+$/),
    minSize,
    maxSize,
    desiredSize,
    diskSizeGb: r.int('diskSizeGb', 20, 500, 40),
    perZone: r.bool('perZone', false),
  };
}

function readDatabase(r: ConfigReader, region: string): StackSettings['database'] {
  const members = r.int('members', 1, 7);
  if (members % 2 === 0) r.problem('members', 'a replica set needs an odd number of members to elect a primary');
  return {
    members,
    storageGi: r.int('storageGi', 1, 16000),
    backupSchedule: r.string('backupSchedule', /^(\S+\s+){4}\S+$/),
    backupRetentionDays: r.int('backupRetentionDays', 1, 3650),
    restoreDrill: readRestoreDrill(r),
    backupReplica: readBackupReplica(r, region),
  };
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Optional: the second region the backups are replicated to; absent means no replica. */
function readBackupReplica(database: ConfigReader, region: string): StackSettings['database']['backupReplica'] {
  const replicaRegion = database.optionalString('backupReplicaRegion', REGION);
  if (replicaRegion === undefined) return undefined;
  // A copy in the same region survives nothing the primary bucket does not.
  if (replicaRegion === region) database.problem('backupReplicaRegion', `must differ from aws:region (${region})`);
  return { region: replicaRegion, replicationTimeControl: database.bool('backupReplicationTimeControl', false) };
}

const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-f0-9-]+$/;

/** Optional: absent means no drill wiring. */
function readRestoreDrill(database: ConfigReader): StackSettings['database']['restoreDrill'] {
  if (database.has('restoreDrill') === false) return { readerRoleArns: [] };
  const r = database.object('restoreDrill');
  const source = r.has('source')
    ? {
        bucketArn: r.object('source').string('bucketArn', BUCKET_ARN),
        kmsKeyArn: r.object('source').string('kmsKeyArn', KMS_KEY_ARN),
      }
    : undefined;
  return { source, readerRoleArns: r.strings('readerRoleArns', ROLE_ARN, 0, []) };
}

/** IAM users or roles of an account; `*` allowed in the name (e.g. every user under a path). */
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/*-]+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Where CI may push from: a branch, a tag (pattern) or an environment, never pull requests (code from forks). */
const PUSH_FROM = /^(ref:refs\/(heads|tags)\/[\w.-][\w./*-]*|environment:[\w.-]+)$/;

/** Optional as a whole: without it, people's roles trust the account's own IAM policies and CI pushes from main. */
function readAccess(root: ConfigReader, repository: string): AccessSettings {
  const fromMain = [`repo:${repository}:ref:refs/heads/main`];
  if (!root.has('access')) {
    return { admins: [], operators: [], developers: [], ecrPushSubjects: fromMain, ecrTaggerRoles: [] };
  }
  const r = root.object('access');
  const ecrPushSubjects = r.strings('ecrPushSubjects', /^repo:\S+$/, 0, fromMain);
  const ownRepository = `repo:${repository}:`;
  const refused = ecrPushSubjects.filter(
    (subject) => !subject.startsWith(ownRepository) || !PUSH_FROM.test(subject.slice(ownRepository.length)),
  );
  if (refused.length > 0) {
    r.problem(
      'ecrPushSubjects',
      `${refused.join(', ')}: expected ${ownRepository}ref:refs/heads/<branch>, ${ownRepository}ref:refs/tags/<pattern> or ${ownRepository}environment:<name>`,
    );
  }
  return {
    admins: r.strings('admins', PRINCIPAL_ARN, 0, []),
    operators: r.strings('operators', PRINCIPAL_ARN, 0, []),
    developers: r.strings('developers', PRINCIPAL_ARN, 0, []),
    ecrPushSubjects,
    ecrTaggerRoles: r.strings('ecrTaggerRoles', ROLE_NAME, 0, []),
  };
}

/** Optional as a whole: without it there is no CDN and the API name points straight at the ALB. */
function readCdn(root: ConfigReader): CdnSettings {
  if (!root.has('cdn')) return { enabled: false, priceClass: 'PriceClass_100' };
  const r = root.object('cdn');
  const enabled = r.bool('enabled', false);
  const priceClass = r.has('priceClass') ? r.oneOf('priceClass', CDN_PRICE_CLASSES) : 'PriceClass_100';
  if (!enabled) return { enabled, priceClass };
  return { enabled, priceClass, monthlyLimitUsd: r.int('monthlyLimitUsd', 1, 100000) };
}

export interface WorkloadSizing {
  minReplicas: number;
  maxReplicas: number;
  targetCPUUtilizationPercentage: number;
  /** Pods a voluntary disruption (node drain) may take at once; 0 means no PodDisruptionBudget. */
  pdbMaxUnavailable: number;
  requests: { cpu: string; memory: string };
  limits: { memory: string };
  logLevel: string;
}

/** The stack's sizing of one service: the shared workload with that service's overrides laid over it. */
export function workloadOf(workload: StackSettings['workload'], service: ServiceName): WorkloadSizing {
  const { services, ...shared } = workload;
  return services[service] ?? shared;
}

function readWorkload(r: ConfigReader): StackSettings['workload'] {
  const before = r.problemCount();
  const shared = readSizing(r);
  const sharedIsSound = r.problemCount() === before;
  const services: Partial<Record<ServiceName, WorkloadSizing>> = {};
  if (r.has('services')) {
    const overrides = r.object('services');
    for (const name of overrides.keys()) {
      if (!(SERVICE_NAMES as readonly string[]).includes(name)) {
        overrides.problem(name, `not a service (one of ${SERVICE_NAMES.join(', ')})`);
        continue;
      }
      // Validated as a whole once laid over the shared sizing: the same bounds, and min <= max across both. A
      // broken shared sizing is reported once, where it is, not again under every override.
      if (sharedIsSound) services[name as ServiceName] = readSizing(overrides.object(name).over(r.without('services')));
    }
  }
  return { ...shared, services };
}

function readSizing(r: ConfigReader): WorkloadSizing {
  const minReplicas = r.int('minReplicas', 1, MAX_REPLICAS);
  const maxReplicas = r.int('maxReplicas', 1, MAX_REPLICAS);
  if (maxReplicas < minReplicas) r.problem('maxReplicas', 'must be at least minReplicas');
  const pdbMaxUnavailable = r.int('pdbMaxUnavailable', 0, 50);
  if (pdbMaxUnavailable > 0 && pdbMaxUnavailable >= minReplicas) {
    r.problem('pdbMaxUnavailable', 'must be below minReplicas, or a drain may take every replica at once');
  }
  const requests = r.object('requests');
  return {
    minReplicas,
    maxReplicas,
    targetCPUUtilizationPercentage: r.int('targetCPUUtilizationPercentage', 10, 100),
    pdbMaxUnavailable,
    requests: { cpu: requests.string('cpu', CPU_QUANTITY), memory: requests.string('memory', MEMORY_QUANTITY) },
    limits: { memory: r.object('limits').string('memory', MEMORY_QUANTITY) },
    logLevel: r.oneOf('logLevel', ['fatal', 'error', 'warn', 'info', 'debug', 'trace']),
  };
}

function readAdminEmail(r: ConfigReader): string | undefined {
  const email = r.optionalString('adminEmail', EMAIL);
  if (email && email.length > MAX_EMAIL_LENGTH) r.problem('adminEmail', `longer than ${MAX_EMAIL_LENGTH} characters`);
  // user-service stores addresses lower-cased; the Secret carries the address it will log in with.
  return email?.toLowerCase();
}

function readCache(r: ConfigReader): StackSettings['cache'] {
  return { nodeType: r.string('nodeType', CACHE_NODE_TYPE), nodes: r.int('nodes', 1, MAX_CACHE_NODES) };
}

/** Amazon MQ host types; a cluster needs an m5 (mq.t3.micro runs a single instance only). */
const BROKER_INSTANCE = /^mq\.(t3\.micro|m5\.(large|xlarge|2xlarge|4xlarge))$/;

function readMessaging(r: ConfigReader): StackSettings['messaging'] {
  const deploymentMode = r.oneOf('deploymentMode', ['SINGLE_INSTANCE', 'CLUSTER_MULTI_AZ'] as const);
  const instanceType = r.string('instanceType', BROKER_INSTANCE);
  if (deploymentMode === 'CLUSTER_MULTI_AZ' && instanceType === 'mq.t3.micro') {
    r.problem(
      'instanceType',
      'a CLUSTER_MULTI_AZ broker needs an mq.m5 instance type (mq.t3.micro is single-instance only)',
    );
  }
  return { deploymentMode, instanceType };
}

const MAIL_FROM = /^([^<>@\s]+@[^<>@\s]+\.[^<>@\s]+|[^<>@]+ <[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>)$/;

function readNotifications(r: ConfigReader): StackSettings['notifications'] {
  const mailDomain = r.string('mailDomain', DOMAIN);
  const mailFrom = r.string('mailFrom', MAIL_FROM);
  // SES signs and authorises per identity: a sender outside the verified domain would be refused at send time.
  const address = /<([^<>]+)>$/.exec(mailFrom)?.[1] ?? mailFrom;
  if (mailDomain && address && !address.endsWith(`@${mailDomain}`)) {
    r.problem('mailFrom', `the address must be on mailDomain (${mailDomain}), the identity SES verifies`);
  }
  return {
    mailDomain,
    hostedZoneId: r.string('hostedZoneId', /^Z[A-Z0-9]+$/),
    mailFrom,
    shopUrl: r.string('shopUrl', /^https:\/\/[a-z0-9.-]+(\/[^\s]*)?$/),
  };
}

function readImages(raw: unknown, problems: string[]): ImageMap {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push('images: expected a map of service -> { repository, digest }');
    return {};
  }
  for (const [service, value] of Object.entries(raw)) problems.push(...imageProblems(service, value));
  return raw as ImageMap;
}
