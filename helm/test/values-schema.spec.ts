import { APPLICATION_CHARTS, PUBLIC_SERVICE_CHARTS, SERVICE_CHARTS, STACKS, stackOverridesFile } from '../tools/charts';
import { SECRET_ENV_NAMES } from '../tools/schema/service-schema';
import { mergeValues, readValues, type Values } from '../tools/values-file';
import { chartValuesSchema, schemaErrorLines } from '../tools/values-schema';
import { defaultValues, installableValues, stackValues } from './support';

describe.each(APPLICATION_CHARTS)('%s values.schema.json accepts the committed values', (chart) => {
  const validate = chartValuesSchema(chart);

  it('accepts values.yaml (with the values every install must give)', () => {
    expect(schemaErrorLines(validate, installableValues(chart))).toEqual([]);
  });

  it.each(STACKS)('accepts values-%s.yaml on top of values.yaml', (stack) => {
    expect(schemaErrorLines(validate, stackValues(chart, stack, false))).toEqual([]);
  });

  it.each(STACKS)('accepts what Pulumi installs for %s (stack values plus its overrides)', (stack) => {
    expect(schemaErrorLines(validate, stackValues(chart, stack, true))).toEqual([]);
  });
});

/** Defaults with one change, as `--set` or a values file would make it. */
const withChange = (chart: (typeof APPLICATION_CHARTS)[number], change: Values): Values =>
  mergeValues(installableValues(chart), change);

describe.each(SERVICE_CHARTS)('%s values.schema.json rejects bad values', (chart) => {
  const validate = chartValuesSchema(chart);

  it.each<[string, Values, string]>([
    ['a negative replica count', { replicaCount: -1 }, '/replicaCount'],
    ['an unknown top-level key', { replicas: 3 }, '/ must NOT have additional properties'],
    ['an unknown nested key', { image: { registry: 'docker.io' } }, '/image must NOT have additional'],
    ['both minAvailable and maxUnavailable', { pdb: { minAvailable: 1 } }, '/pdb must NOT be valid'],
    ['a PDB that allows no eviction', { pdb: { maxUnavailable: 0 } }, '/pdb/maxUnavailable'],
    ['a PDB that keeps 100% available', { pdb: { maxUnavailable: null, minAvailable: '100%' } }, '/pdb/minAvailable'],
    ['the latest tag', { image: { tag: 'latest' } }, '/image/tag'],
    ['a malformed digest', { image: { digest: 'sha256:abc' } }, '/image/digest'],
    ['a CPU quantity that is not one', { resources: { requests: { cpu: 'two cores' } } }, '/resources/requests/cpu'],
    ['a missing memory limit', { resources: { limits: null } }, "/resources must have required property 'limits'"],
    ['a log level pino does not know', { config: { LOG_LEVEL: 'verbose' } }, '/config/LOG_LEVEL'],
    [
      'text where an integer is expected',
      { config: { SHUTDOWN_DRAIN_MS: 'ten seconds' } },
      '/config/SHUTDOWN_DRAIN_MS',
    ],
    ['a setting the chart owns', { config: { PORT: 8080 } }, '/config must NOT have additional'],
    ['a grace period too short to drain', { terminationGracePeriodSeconds: 5 }, '/terminationGracePeriodSeconds'],
    ['a wildcard CORS origin', { config: { CORS_ALLOWED_ORIGINS: '*' } }, '/config/CORS_ALLOWED_ORIGINS'],
    [
      'a CORS origin with a path',
      { config: { CORS_ALLOWED_ORIGINS: 'https://shop.example.com/app' } },
      '/config/CORS_ALLOWED_ORIGINS',
    ],
  ])('rejects %s', (_case, change, expected) => {
    expect(schemaErrorLines(validate, withChange(chart, change)).join('\n')).toContain(expected);
  });

  it.each(SECRET_ENV_NAMES)('rejects the secret %s placed in config', (name) => {
    const errors = schemaErrorLines(validate, withChange(chart, { config: { [name]: 'value' } }));
    expect(errors).toContain('/config must NOT have additional properties');
  });

  it('accepts a list of exact CORS origins', () => {
    const change = { config: { CORS_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:5173' } };
    expect(schemaErrorLines(validate, withChange(chart, change))).toEqual([]);
  });

  it('accepts minAvailable once maxUnavailable is removed, as the values docs say', () => {
    expect(schemaErrorLines(validate, withChange(chart, { pdb: { maxUnavailable: null, minAvailable: 1 } }))).toEqual(
      [],
    );
  });
});

describe.each(PUBLIC_SERVICE_CHARTS)('%s values.schema.json rejects bad network and Ingress values', (chart) => {
  const validate = chartValuesSchema(chart);

  it.each<[string, Values, string]>([
    ['an /internal path on the Ingress', { ingress: { paths: ['/internal/v1/stock'] } }, '/ingress/paths/0'],
    ['a certificate that is not an ACM ARN', { ingress: { certificateArn: 'my-cert' } }, '/ingress/certificateArn'],
    [
      'a load balancer CIDR that is not one',
      { networkPolicy: { loadBalancer: { cidrs: ['10.0.0.0'] } } },
      '/networkPolicy/loadBalancer/cidrs/0',
    ],
    [
      'an unknown client service',
      { networkPolicy: { allowedClients: ['billing-service'] } },
      '/networkPolicy/allowedClients/0',
    ],
  ])('rejects %s', (_case, change, expected) => {
    expect(schemaErrorLines(validate, withChange(chart, change)).join('\n')).toContain(expected);
  });
});

describe('notification-service values.schema.json', () => {
  const validate = chartValuesSchema('notification-service');

  it.each<[string, Values]>([
    ['an Ingress', { ingress: { enabled: false } }],
    ['ALB ranges in its NetworkPolicy', { networkPolicy: { loadBalancer: { cidrs: ['10.0.0.0/20'] } } }],
    ['clients allowed to call it', { networkPolicy: { allowedClients: ['order-service'] } }],
    ['a helm test pod', { tests: { image: { repository: 'curlimages/curl', tag: '8.11.1' } } }],
  ])('refuses %s: nothing but Prometheus may reach it', (_case, change) => {
    expect(schemaErrorLines(validate, withChange('notification-service', change)).join('\n')).toContain(
      'must NOT have additional properties',
    );
  });

  it('refuses a production install without a sender, as the app refuses to start', () => {
    expect(schemaErrorLines(validate, defaultValues('notification-service'))).toContain(
      "/config must have required property 'MAIL_FROM'",
    );
    const development = { config: { NODE_ENV: 'development' } };
    expect(schemaErrorLines(validate, mergeValues(defaultValues('notification-service'), development))).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['a display name and an address', 'Shop <orders@mail.shop.example.com>', true],
    ['an address', 'orders@mail.shop.example.com', true],
    ['a name without an address', 'Shop', false],
    ['two addresses', 'a@shop.example.com, b@shop.example.com', false],
  ])('takes MAIL_FROM as %s: %s (valid: %s)', (_case, MAIL_FROM, valid) => {
    const errors = schemaErrorLines(validate, withChange('notification-service', { config: { MAIL_FROM } }));
    expect(errors.length === 0).toBe(valid);
  });

  it('refuses a mail transport the app does not know', () => {
    const errors = schemaErrorLines(
      validate,
      withChange('notification-service', { config: { MAIL_TRANSPORT: 'sendgrid' } }),
    );
    expect(errors).toContain('/config/MAIL_TRANSPORT must be equal to one of the allowed values');
  });
});

describe('service-specific rules', () => {
  it('refuses a bcrypt cost below 12 for user-service', () => {
    const errors = schemaErrorLines(
      chartValuesSchema('user-service'),
      withChange('user-service', { config: { BCRYPT_COST: 10 } }),
    );
    expect(errors).toContain('/config/BCRYPT_COST must be >= 12');
  });

  it('requires every upstream of order-service to be a URL', () => {
    const change = { upstreams: { cartService: { url: 'cart-service' } } };
    const errors = schemaErrorLines(chartValuesSchema('order-service'), withChange('order-service', change));
    expect(errors.join('\n')).toContain('/upstreams/cartService/url must match pattern');
  });

  it('runs order-service on Stripe by default, and refuses the sandbox provider in production as the app does', () => {
    expect(defaultValues('order-service').config).toMatchObject({ NODE_ENV: 'production', PAYMENT_PROVIDER: 'stripe' });
    const validate = chartValuesSchema('order-service');
    const sandbox = (NODE_ENV: string) =>
      schemaErrorLines(validate, withChange('order-service', { config: { NODE_ENV, PAYMENT_PROVIDER: 'sandbox' } }));
    expect(sandbox('production')).toContain('/config/PAYMENT_PROVIDER must be equal to constant');
    expect(sandbox('development')).toEqual([]);
    const unknown = withChange('order-service', { config: { PAYMENT_PROVIDER: 'paypal' } });
    expect(schemaErrorLines(validate, unknown)).toContain(
      '/config/PAYMENT_PROVIDER must be equal to one of the allowed values',
    );
  });

  it('refuses STRIPE_API_URL: it points the app at stripe-mock in tests and never belongs in a deployment', () => {
    const change = { config: { STRIPE_API_URL: 'http://stripe-mock:12111' } };
    const errors = schemaErrorLines(chartValuesSchema('order-service'), withChange('order-service', change));
    expect(errors).toContain('/config must NOT have additional properties');
  });

  it('routes Stripe’s webhook prefix to order-service next to its orders', () => {
    expect(defaultValues('order-service').ingress).toMatchObject({ paths: ['/api/v1/orders', '/api/v1/payments'] });
  });

  it('refuses upstreams a service does not call', () => {
    const change = { upstreams: { orderService: { url: 'http://order-service:3000' } } };
    const errors = schemaErrorLines(chartValuesSchema('product-service'), withChange('product-service', change));
    expect(errors).toContain('/upstreams must NOT have additional properties');
  });
});

describe('mongodb values.schema.json rejects bad values', () => {
  const validate = chartValuesSchema('mongodb');

  it.each<[string, Values, string]>([
    ['an even number of members', { replicaSet: { members: 2 } }, '/replicaSet/members'],
    ['a negative PDB budget', { pdb: { maxUnavailable: -1 } }, '/pdb/maxUnavailable'],
    [
      'a service database outside ecommerce_*',
      { auth: { users: { cartService: { database: 'carts' } } } },
      '/auth/users/cartService/database',
    ],
    [
      'a password placed in values',
      { auth: { users: { cartService: { password: 'hunter2' } } } },
      '/auth/users/cartService must NOT have additional',
    ],
    ['an unknown restore mode', { restore: { mode: 'everything' } }, '/restore/mode'],
    ['a backup key that is not <prefix>/<timestamp>', { restore: { backupKey: 'latest' } }, '/restore/backupKey'],
    [
      'a role ARN that is not one',
      { backup: { serviceAccount: { roleArn: 'backup-role' } } },
      '/backup/serviceAccount/roleArn',
    ],
    ['the latest tag for the tools image', { backup: { mongoImage: { tag: 'latest' } } }, '/backup/mongoImage/tag'],
  ])('rejects %s', (_case, change, expected) => {
    expect(schemaErrorLines(validate, withChange('mongodb', change)).join('\n')).toContain(expected);
  });
});

describe('the stack overrides files hold only keys of the values contract', () => {
  it.each(APPLICATION_CHARTS)('%s accepts its overrides on top of values.yaml', (chart) => {
    const values = mergeValues(defaultValues(chart), readValues(stackOverridesFile(chart)));
    expect(schemaErrorLines(chartValuesSchema(chart), values)).toEqual([]);
  });
});
