import { generateKeyPairSync, createVerify, createSign } from 'node:crypto';
import { memberHosts, mongodbUri } from '../database/connection';
import { serviceAccountTrustPolicy } from '../lib/irsa';
import { alertRules } from '../observability/alert-rules';
import { serviceDashboard } from '../observability/dashboards';
import { paymentAlertRules } from '../observability/payment-alerts';
import { publicKeyOf, serviceClients, serviceSecretEnvironment } from '../services/service-secrets';
import { gatewayProxyHops, serviceEnvironment, serviceUpstreams } from '../services/service-values';
import { SERVICE_NAMES, SERVICES } from '../config/services';
import { PAYMENT_PROVIDER_EGRESS } from '../services/payments';

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
    mongodbUris: {
      'product-service': 'p',
      'user-service': 'u',
      'cart-service': 'c',
      'order-service': 'o',
      'notification-service': 'n',
    },
    jwtPrivateKey: privateKey,
    additionalJwtPublicKeys: [],
    clientSecrets: {
      'cart-service': 'cart-secret',
      'order-service': 'order-secret',
      'notification-service': 'mail-secret',
    },
    amqpUrl: 'amqps://ecommerce:broker-password@b-1.mq.eu-west-1.amazonaws.com:5671',
    // Stripe's keys reach order-service only (payments.spec.ts); any string stands in here.
    stripe: { secretKey: 'sk-fixture', webhookSecret: 'whsec-fixture' },
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

  it('trusts the proxies in front (the ALB, then the edge gateway) and identifies the callers of the token endpoint', () => {
    const jwt = { issuer: 'https://api.example.com', audience: 'ecommerce-api', additionalPublicKeys: [] };
    expect(gatewayProxyHops(1)).toBe(2);
    expect(serviceEnvironment('cart-service', workload, jwt, gatewayProxyHops(1))).toMatchObject({
      TRUST_PROXY: 2,
      SERVICE_CLIENT_ID: 'cart-service',
    });
    // No public route reaches notification-service: it trusts no X-Forwarded-For at all.
    expect(serviceEnvironment('notification-service', workload, jwt, 3)).toMatchObject({ TRUST_PROXY: 0 });
    expect(serviceEnvironment('product-service', workload, jwt, 2)).not.toHaveProperty('SERVICE_CLIENT_ID');
    expect(serviceEnvironment('user-service', workload, jwt, 2)).toHaveProperty('BCRYPT_COST', 12);
  });

  it('runs order-service on Stripe, with HTTPS out to its API, and no other service', () => {
    const jwt = { issuer: 'https://api.example.com', audience: 'ecommerce-api', additionalPublicKeys: [] };
    expect(serviceEnvironment('order-service', workload, jwt, 2)).toMatchObject({ PAYMENT_PROVIDER: 'stripe' });
    expect(serviceEnvironment('cart-service', workload, jwt, 2)).not.toHaveProperty('PAYMENT_PROVIDER');
    expect(SERVICE_NAMES.filter((s) => SERVICES[s].takesPayments)).toEqual(['order-service']);
    expect(PAYMENT_PROVIDER_EGRESS).toEqual({ ports: [{ port: 443, protocol: 'TCP' }] });
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

  it('alerts on payments with the expressions and severities the runbooks describe', () => {
    const payment = Object.fromEntries(
      paymentAlertRules('https://runbooks.example/r').map((r) => [r.alert, [r.expr, r.for, r.labels.severity]]),
    );
    const order = 'namespace="ecommerce",service="order-service"';
    expect(payment).toEqual({
      PaymentsPastDeadline: [`max(orders_pending_payment_overdue{${order}}) > 0`, '10m', 'warning'],
      PaymentWebhooksMissing: [
        `sum(increase(payments_total{${order},outcome="succeeded"}[2h])) > 0` +
          ` unless sum(increase(payment_webhooks_total{${order},result="applied"}[2h])) > 0`,
        '10m',
        'warning',
      ],
      PaymentWebhookSignaturesInvalid: [
        `sum(rate(payment_webhooks_total{${order},result="invalid_signature"}[5m])) > 0`,
        '15m',
        'warning',
      ],
      RefundsFailing: [
        `sum(increase(refunds_total{${order},outcome="failed"}[15m])) > 0` +
          ` or sum(refunds_total{${order},outcome="failed"} unless refunds_total{${order},outcome="failed"} offset 15m) > 0`,
        '0m',
        'critical',
      ],
    });
    for (const rule of paymentAlertRules('https://runbooks.example/r'))
      expect(rule.annotations.runbook_url).toMatch(/^https:\/\/runbooks\.example\/r\/payments-stuck\.md#[a-z]+$/);
  });

  it('gives order-service’s dashboard payment panels, and only order-service’s', () => {
    const orderPanels = serviceDashboard('order-service').panels;
    const payments = orderPanels.filter((p) => /payment/i.test(p.title)).flatMap((p) => p.targets.map((t) => t.expr));
    expect(payments).toEqual([
      'sum by (outcome) (rate(payments_total{namespace="ecommerce",service="order-service"}[5m])) * 60',
      'sum by (outcome) (rate(refunds_total{namespace="ecommerce",service="order-service"}[5m])) * 60',
      'sum by (result) (rate(payment_webhooks_total{namespace="ecommerce",service="order-service"}[5m])) * 60',
      'max(orders_pending_payment_overdue{namespace="ecommerce",service="order-service"})',
    ]);
    const positions = orderPanels.map((p) => `${p.gridPos.x},${p.gridPos.y}`);
    expect(new Set(positions).size).toBe(positions.length);
    expect(serviceDashboard('cart-service').panels).toHaveLength(6);
  });

  it('lays each dashboard out without overlapping panels', () => {
    const positions = serviceDashboard('user-service').panels.map((p) => `${p.gridPos.x},${p.gridPos.y}`);
    expect(new Set(positions).size).toBe(positions.length);
    expect(serviceDashboard('user-service').panels[0].targets[0].expr).toContain('service="user-service"');
  });
});
