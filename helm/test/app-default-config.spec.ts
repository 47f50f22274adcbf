import { generateKeyPairSync } from 'node:crypto';
import { type ServiceChart, SERVICE_CHARTS } from '../tools/charts';
import { APP_DEFAULT_CONFIG } from '../tools/schema/app-default-config';
import { isPlainObject, mergeValues, type Values } from '../tools/values-file';
import { chartValuesSchema, schemaErrorLines } from '../tools/values-schema';
import { defaultValues, installableValues } from './support';

const configErrors = (chart: ServiceChart, config: Values): string[] =>
  schemaErrorLines(chartValuesSchema(chart), mergeValues(installableValues(chart), { config }));

describe.each(SERVICE_CHARTS)('%s settings the app has a default for', (chart) => {
  it('are left unset in values.yaml, so the app default applies', () => {
    const config = defaultValues(chart).config;
    const set = isPlainObject(config) ? Object.keys(APP_DEFAULT_CONFIG[chart]).filter((name) => name in config) : [];
    expect(set).toEqual([]);
  });
});

// The bounds of apps/<service>/src/<service>-settings.ts: a value Helm accepts must not stop the pod at start-up.
describe.each<[ServiceChart, string, number, number | undefined]>([
  ['product-service', 'CATALOG_CACHE_TTL_SECONDS', 0, 300],
  ['product-service', 'CATALOG_CACHE_MAX_ENTRIES', 10, 1_000_000],
  ['product-service', 'CATALOG_HTTP_MAX_AGE_SECONDS', 0, 300],
  ['product-service', 'CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS', 0, 600],
  ['product-service', 'RESERVATION_TTL_SECONDS', 1, 604_800],
  ['product-service', 'RESERVATION_SWEEP_INTERVAL_MS', 100, 600_000],
  ['user-service', 'BCRYPT_WORKERS', 0, 16],
  ['user-service', 'BCRYPT_QUEUE_MAX', 1, 10_000],
  ['user-service', 'SESSION_ABSOLUTE_TTL_HOURS', 1, 8_760],
  ['user-service', 'LOGIN_FREE_FAILURES', 1, 100],
  ['user-service', 'LOGIN_DELAY_BASE_SECONDS', 1, 60],
  ['user-service', 'LOGIN_DELAY_MAX_SECONDS', 1, 86_400],
  ['user-service', 'LOGIN_FAILURE_HALF_LIFE_SECONDS', 1, 86_400],
  ['user-service', 'LOGIN_IP_MAX_FAILURES', 1, 1_000_000],
  ['user-service', 'LOGIN_ATTACK_DISTINCT_IPS', 0, 100_000],
  ['user-service', 'LOGIN_ATTACK_WINDOW_SECONDS', 1, 86_400],
  ['user-service', 'LOGIN_ATTACK_LOCK_SECONDS', 1, 86_400],
  ['cart-service', 'CART_MAX_LINES', 1, 500],
  ['cart-service', 'CART_MAX_QUANTITY_PER_LINE', 1, 1000],
  ['cart-service', 'CART_TTL_SECONDS', 60, undefined],
  ['order-service', 'ORDER_SAGA_STALE_SECONDS', 1, 3_600],
  ['order-service', 'ORDER_SWEEP_INTERVAL_MS', 0, 3_600_000],
  ['order-service', 'IDEMPOTENCY_WAIT_MS', 0, 60_000],
  ['order-service', 'ORDER_REQUEST_BUDGET_MS', 500, 30_000],
  ['order-service', 'PAYMENT_TIMEOUT_SECONDS', 60, 86_400],
  ['order-service', 'PAYMENT_MAX_ATTEMPTS', 1, 20],
  ['order-service', 'OUTBOX_RELAY_INTERVAL_MS', 100, 60_000],
  // libs/config's bounds of the event bus settings, for the publisher and the consumer.
  ['order-service', 'AMQP_PREFETCH', 1, 1_000],
  ['notification-service', 'AMQP_PREFETCH', 1, 1_000],
  ['notification-service', 'AMQP_MAX_ATTEMPTS', 1, 20],
  ['notification-service', 'AMQP_RETRY_BASE_MS', 10, 600_000],
])('%s config.%s', (chart, name, min, max) => {
  it(`accepts ${min} to ${max ?? 'any safe integer'}`, () => {
    expect(configErrors(chart, { [name]: min })).toEqual([]);
    expect(configErrors(chart, { [name]: max ?? Number.MAX_SAFE_INTEGER })).toEqual([]);
  });

  it('refuses values the app refuses', () => {
    expect(configErrors(chart, { [name]: min - 1 })).toContain(`/config/${name} must be >= ${min}`);
    if (max !== undefined)
      expect(configErrors(chart, { [name]: max + 1 })).toContain(`/config/${name} must be <= ${max}`);
    expect(configErrors(chart, { [name]: 'ten' })).toContain(`/config/${name} must be integer`);
  });
});

describe('user-service config.JWT_PREVIOUS_PUBLIC_KEYS', () => {
  const pem = (kind: 'public' | 'private'): string => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return (
      kind === 'public'
        ? publicKey.export({ type: 'spki', format: 'pem' })
        : privateKey.export({ type: 'pkcs8', format: 'pem' })
    ).toString();
  };

  it('accepts one or more PEM public keys', () => {
    expect(configErrors('user-service', { JWT_PREVIOUS_PUBLIC_KEYS: `${pem('public')}${pem('public')}` })).toEqual([]);
  });

  it('refuses text that is not PEM', () => {
    expect(configErrors('user-service', { JWT_PREVIOUS_PUBLIC_KEYS: 'old-key' }).join('\n')).toContain(
      '/config/JWT_PREVIOUS_PUBLIC_KEYS must match pattern',
    );
  });

  it('refuses a private key, which would put a secret in the ConfigMap', () => {
    expect(configErrors('user-service', { JWT_PREVIOUS_PUBLIC_KEYS: pem('private') })).toContain(
      '/config/JWT_PREVIOUS_PUBLIC_KEYS must NOT be valid',
    );
  });
});
