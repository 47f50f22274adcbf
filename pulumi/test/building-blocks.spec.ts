import { generateKeyPairSync, createVerify, createSign } from 'node:crypto';
import { memberHosts, mongodbUri } from '../database/connection';
import { serviceAccountTrustPolicy } from '../lib/irsa';
import { alertRules } from '../observability/alert-rules';
import { serviceDashboard } from '../observability/dashboards';
import { publicKeyOf, serviceClients, serviceSecretEnvironment } from '../services/service-secrets';
import { serviceEnvironment, serviceUpstreams } from '../services/service-values';

describe('IRSA trust policy', () => {
  it('names one service account exactly, with no wildcard condition', () => {
    const policy = serviceAccountTrustPolicy(
      'arn:aws:iam::123456789012:oidc-provider/oidc.example/id/X',
      'oidc.example/id/X',
      'database',
      'mongodb-backup',
    );
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition).toEqual({
      StringEquals: {
        'oidc.example/id/X:sub': 'system:serviceaccount:database:mongodb-backup',
        'oidc.example/id/X:aud': 'sts.amazonaws.com',
      },
    });
    expect(JSON.stringify(policy)).not.toMatch(/StringLike|\*/);
  });
});

describe('database connection strings', () => {
  it('lists every member and authenticates the service user against admin', () => {
    const uri = mongodbUri({
      user: 'cart-service',
      password: 'p@ss:/word',
      database: 'ecommerce_carts',
      hosts: memberHosts(3),
    });
    expect(uri).toBe(
      'mongodb://cart-service:p%40ss%3A%2Fword@' +
        'mongodb-0.mongodb-svc.database.svc.cluster.local:27017,' +
        'mongodb-1.mongodb-svc.database.svc.cluster.local:27017,' +
        'mongodb-2.mongodb-svc.database.svc.cluster.local:27017' +
        '/ecommerce_carts?replicaSet=mongodb&authSource=admin',
    );
  });
});

describe('service secrets', () => {
  const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const material = {
    mongodbUris: { 'product-service': 'p', 'user-service': 'u', 'cart-service': 'c', 'order-service': 'o' },
    jwtPrivateKey: privateKey,
    additionalJwtPublicKeys: [],
    clientSecrets: { 'cart-service': 'cart-secret', 'order-service': 'order-secret' },
  };

  it('derives a public key that verifies what the private key signs', () => {
    const signature = createSign('SHA256').update('token').sign(privateKey);
    expect(createVerify('SHA256').update('token').verify(publicKeyOf(privateKey), signature)).toBe(true);
    expect(publicKeyOf(privateKey)).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('gives the signing key to user-service only', () => {
    expect(serviceSecretEnvironment('user-service', material).JWT_PRIVATE_KEY).toBe(privateKey);
    for (const service of ['product-service', 'cart-service', 'order-service'] as const) {
      expect(serviceSecretEnvironment(service, material)).not.toHaveProperty('JWT_PRIVATE_KEY');
    }
  });

  it('refuses to build a client list with a missing client secret', () => {
    expect(() => serviceClients({ 'cart-service': 'x' })).toThrow('No client secret generated for order-service');
  });
});

describe('service configuration', () => {
  const workload = {
    minReplicas: 2,
    maxReplicas: 6,
    targetCPUUtilizationPercentage: 70,
    pdbMaxUnavailable: 1,
    requests: { cpu: '250m', memory: '256Mi' },
    limits: { memory: '512Mi' },
    logLevel: 'info',
  };

  it('points each service at the services it calls, inside the namespace', () => {
    expect(serviceUpstreams('product-service')).toEqual({});
    expect(serviceUpstreams('order-service')).toEqual({
      cartService: { url: 'http://cart-service:3000' },
      productService: { url: 'http://product-service:3000' },
      userService: { url: 'http://user-service:3000' },
    });
  });

  it('trusts exactly one proxy hop (the ALB) and identifies the callers of the token endpoint', () => {
    const jwt = { issuer: 'https://api.example.com', audience: 'ecommerce-api', additionalPublicKeys: [] };
    expect(serviceEnvironment('cart-service', workload, jwt)).toMatchObject({
      TRUST_PROXY: 1,
      SERVICE_CLIENT_ID: 'cart-service',
    });
    expect(serviceEnvironment('product-service', workload, jwt)).not.toHaveProperty('SERVICE_CLIENT_ID');
    expect(serviceEnvironment('user-service', workload, jwt)).toHaveProperty('BCRYPT_COST', 12);
  });
});

describe('alert rules and dashboards', () => {
  const rules = alertRules({ errorRatio: 0.05, p99Seconds: 1, backupCronJob: 'mongodb-backup' });

  it('pages on the 5xx ratio per service, not on a raw count', () => {
    const errorRate = rules.find((r) => r.alert === 'ServiceErrorRateHigh');
    expect(errorRate?.expr).toMatch(
      /^sum by \(service\) \(rate\(http_request_duration_seconds_count\{.*status_code=~"5\.\."\}\[5m\]\)\) \/ sum by \(service\)/,
    );
    expect(errorRate?.expr).toMatch(/> 0\.05$/);
    expect(errorRate?.labels.severity).toBe('critical');
  });

  it('notices a backup that failed and a backup that never ran', () => {
    expect(rules.filter((r) => r.alert.startsWith('DatabaseBackup')).map((r) => r.expr)).toEqual([
      'kube_job_status_failed{namespace="database",job_name=~"mongodb-backup-.*"} > 0',
      'time() - kube_cronjob_status_last_successful_time{namespace="database",cronjob="mongodb-backup"} > 26 * 3600',
    ]);
  });

  it('lays each dashboard out without overlapping panels', () => {
    const positions = serviceDashboard('user-service').panels.map((p) => `${p.gridPos.x},${p.gridPos.y}`);
    expect(new Set(positions).size).toBe(positions.length);
    expect(serviceDashboard('user-service').panels[0].targets[0].expr).toContain('service="user-service"');
  });
});
