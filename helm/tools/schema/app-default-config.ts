import type { ServiceChart } from '../charts';
import { integer, oneOfStrings, type Schema, string } from './dsl';

/**
 * Settings each service reads with a default of its own (apps/<service>/src/<service>-settings.ts), bounded
 * exactly as the app validates them so Helm refuses what the pod would refuse at start-up. values.yaml leaves
 * them unset: setting a copy of the default would only hide later changes of the app's default.
 */
const PEM_BUNDLE = '^\\s*-----BEGIN [A-Z ]+-----[\\s\\S]+-----END [A-Z ]+-----\\s*$';

/** The event bus settings libs/config reads for every service on the bus (AMQP_URL itself is a secret). */
const MESSAGING: Record<string, Schema> = {
  AMQP_EXCHANGE: string({ pattern: '^[A-Za-z0-9._:-]{1,255}$' }),
  AMQP_PREFETCH: integer(1, 1_000),
  AMQP_MAX_ATTEMPTS: integer(1, 20),
  AMQP_RETRY_BASE_MS: integer(10, 600_000),
};

export const APP_DEFAULT_CONFIG: Record<ServiceChart, Record<string, Schema>> = {
  'product-service': {
    CATALOG_CACHE_TTL_SECONDS: integer(0, 300),
    CATALOG_CACHE_MAX_ENTRIES: integer(10, 1_000_000),
    CATALOG_HTTP_MAX_AGE_SECONDS: integer(0, 300),
    CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS: integer(0, 600),
    RESERVATION_TTL_SECONDS: integer(1, 7 * 24 * 3600),
    RESERVATION_SWEEP_INTERVAL_MS: integer(100, 600_000),
  },
  'user-service': {
    BCRYPT_WORKERS: integer(0, 16),
    BCRYPT_QUEUE_MAX: integer(1, 10_000),
    SESSION_ABSOLUTE_TTL_HOURS: integer(1, 365 * 24),
    // Login throttling (docs/decisions/0017-account-protection.md).
    LOGIN_FREE_FAILURES: integer(1, 100),
    LOGIN_DELAY_BASE_SECONDS: integer(1, 60),
    LOGIN_DELAY_MAX_SECONDS: integer(1, 86_400),
    LOGIN_FAILURE_HALF_LIFE_SECONDS: integer(1, 86_400),
    LOGIN_IP_MAX_FAILURES: integer(1, 1_000_000),
    LOGIN_ATTACK_DISTINCT_IPS: integer(0, 100_000),
    LOGIN_ATTACK_WINDOW_SECONDS: integer(1, 86_400),
    LOGIN_ATTACK_LOCK_SECONDS: integer(1, 86_400),
    // Public keys only: the app would derive a public key from a private one, which must never sit in a ConfigMap.
    JWT_PREVIOUS_PUBLIC_KEYS: string({ pattern: PEM_BUNDLE, not: { type: 'string', pattern: 'PRIVATE KEY' } }),
  },
  'cart-service': {
    CART_MAX_LINES: integer(1, 500),
    CART_MAX_QUANTITY_PER_LINE: integer(1, 1000),
    // The app sets no upper bound beyond a safe integer.
    CART_TTL_SECONDS: integer(60, Number.MAX_SAFE_INTEGER),
  },
  'order-service': {
    ORDER_SAGA_STALE_SECONDS: integer(1, 3_600),
    ORDER_SWEEP_INTERVAL_MS: integer(0, 3_600_000),
    IDEMPOTENCY_WAIT_MS: integer(0, 60_000),
    ORDER_REQUEST_BUDGET_MS: integer(500, 30_000),
    PAYMENT_TIMEOUT_SECONDS: integer(60, 86_400),
    PAYMENT_MAX_ATTEMPTS: integer(1, 20),
    OUTBOX_RELAY_INTERVAL_MS: integer(100, 60_000),
    ...MESSAGING,
  },
  'notification-service': {
    // The app sends through SES with NODE_ENV=production and through SMTP_URL otherwise.
    MAIL_TRANSPORT: oneOfStrings('smtp', 'ses'),
    ...MESSAGING,
  },
};
