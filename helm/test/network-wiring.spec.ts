import {
  isPublicServiceChart,
  PUBLIC_SERVICE_CHARTS,
  SERVICE_CHARTS,
  type ServiceChart,
  STACKS,
} from '../tools/charts';
import { isPlainObject, type Values } from '../tools/values-file';
import { declaredCalls } from './mesh-table';
import { defaultValues, stackValues } from './support';

/**
 * The charts are installed separately, so nothing but these checks ties one chart's egress to another's
 * ingress. The call graph is the declared table of allowed calls (helm/mesh/values.yaml `calls`, also checked
 * against the apps' code in mesh-calls.spec.ts); every service reaches its database. The chart renders upstream
 * key productService as PRODUCT_SERVICE_URL and selects pods named product-service (sprig
 * snakecase/kebabcase); the helpers below do the same.
 */
const snakeUpper = (key: string): string => key.replace(/([A-Z])/g, '_$1').toUpperCase();
const kebab = (key: string): string => key.replace(/([A-Z])/g, '-$1').toLowerCase();

const calls = declaredCalls();
const calleesOf = (chart: ServiceChart): string[] =>
  [...new Set(calls.filter((call) => call.from === chart).map((call) => call.to))].sort();

const PUBLIC_PATHS: Record<string, string[]> = {
  'product-service': ['/api/v1/products'],
  'user-service': ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'],
  'cart-service': ['/api/v1/cart'],
  // /api/v1/payments: Stripe's webhook (POST /api/v1/payments/stripe/webhook), public and signed.
  'order-service': ['/api/v1/orders', '/api/v1/payments'],
};

const upstreamsOf = (values: Values): Record<string, { url: string }> =>
  (isPlainObject(values.upstreams) ? values.upstreams : {}) as Record<string, { url: string }>;
const networkPolicyOf = (values: Values) =>
  values.networkPolicy as {
    allowedClients?: string[];
    loadBalancer?: unknown;
    database: { podLabels: Record<string, string> };
  };
const ingressOf = (values: Values) => values.ingress as Record<string, unknown>;

describe.each(SERVICE_CHARTS)('%s', (chart) => {
  const values = defaultValues(chart);

  it('calls exactly its upstreams of the contract, each at http://<service>:3000 as <SERVICE>_URL', () => {
    const upstreams = upstreamsOf(values);
    expect(Object.keys(upstreams).map(kebab).sort()).toEqual(calleesOf(chart));
    for (const [key, { url }] of Object.entries(upstreams)) {
      expect(url).toBe(`http://${kebab(key)}:3000`);
      expect(snakeUpper(key)).toBe(kebab(key).replace(/-/g, '_').toUpperCase());
    }
  });

  it('lets in exactly the services that call it', () => {
    const callers = SERVICE_CHARTS.filter((caller) => calleesOf(caller).includes(chart));
    expect([...(networkPolicyOf(values).allowedClients ?? [])].sort()).toEqual([...callers].sort());
  });

  it('reaches the MongoDB members by the label the operator gives them (release "mongodb")', () => {
    expect(networkPolicyOf(values).database.podLabels).toEqual({ app: 'mongodb-svc' });
  });

  it(isPublicServiceChart(chart) ? 'routes only its public prefixes' : 'has no Ingress and no ALB ranges', () => {
    if (isPublicServiceChart(chart)) expect(ingressOf(values).paths).toEqual(PUBLIC_PATHS[chart]);
    else expect([values.ingress, networkPolicyOf(values).loadBalancer]).toEqual([undefined, undefined]);
  });
});

describe('the shared ALB', () => {
  const groupSettings = (values: Values) => {
    const { className, groupName, scheme, sslPolicy } = ingressOf(values);
    return { className, groupName, scheme, sslPolicy };
  };

  it.each(STACKS)('gets the same group-wide settings from all four public charts in %s', (stack) => {
    const settings = PUBLIC_SERVICE_CHARTS.map((chart) => groupSettings(stackValues(chart, stack, true)));
    for (const each of settings) expect(each).toEqual(settings[0]);
    for (const chart of PUBLIC_SERVICE_CHARTS)
      expect(stackValues(chart, stack, true).ingress).toMatchObject({ enabled: true });
  });
});

describe('the database', () => {
  const mongodb = defaultValues('mongodb');

  it('lets in every service, and has one user per service database', () => {
    expect((mongodb.networkPolicy as { allowedClients: string[] }).allowedClients).toEqual([...SERVICE_CHARTS]);
    const users = (mongodb.auth as { users: Record<string, { username: string; database: string }> }).users;
    expect(Object.values(users).map(({ username, database }) => `${username}:${database}`)).toEqual([
      'product-service:ecommerce_products',
      'user-service:ecommerce_users',
      'cart-service:ecommerce_carts',
      'order-service:ecommerce_orders',
      'notification-service:ecommerce_notifications',
    ]);
  });

  it.each<[string, number]>([
    ['staging', 1],
    ['prod', 3],
  ])('runs %s with %i member(s) and backups on', (stack, members) => {
    const values = stackValues('mongodb', stack, true);
    expect(values.replicaSet).toMatchObject({ members });
    expect(values.backup).toMatchObject({ enabled: true });
  });
});
