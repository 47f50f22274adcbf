import { type EnvReader } from '@app/config';

/** What only order-service reads: where its upstreams are and how its saga recovers. */
export abstract class OrderSettings {
  abstract readonly cartServiceUrl: string;
  abstract readonly productServiceUrl: string;
  /** A saga untouched for this long is taken to have died with its process and is recovered. */
  abstract readonly sagaStaleSeconds: number;
  /** How often the sweeper looks for unfinished sagas and unreleased stock; 0 turns it off. */
  abstract readonly sweepIntervalMs: number;
  /** How long a repeated request waits for the first one with the same Idempotency-Key to finish. */
  abstract readonly idempotencyWaitMs: number;
  /** How long placing an order may take, upstream calls and retries included, before it answers 503. */
  abstract readonly requestBudgetMs: number;
  /** How often the outbox relay looks for events to publish (it is also woken by each new one); 0 turns it off. */
  abstract readonly outboxRelayIntervalMs: number;
  /** How payments are made: the deterministic sandbox (development, tests) or Stripe. */
  abstract readonly payments: PaymentSettings;
}

export interface PaymentSettings {
  provider: 'sandbox' | 'stripe';
  /** An order not paid this long after it was placed is cancelled (PAYMENT_EXPIRED) and its stock released. */
  timeoutSeconds: number;
  /** Declined attempts an order may have; the last one cancels it (PAYMENT_FAILED) and releases its stock. */
  maxAttempts: number;
  /** Verifies webhook deliveries (Stripe's signing secret; the sandbox signs its own the same way). */
  webhookSecret: string;
  stripe?: { secretKey: string; apiUrl?: string };
  /** How long after its synchronous answer the sandbox's simulated webhook arrives. */
  sandboxEventDelayMs: number;
}

/** The sandbox's signing secret when none is configured: it moves no money, so it may be public. */
const SANDBOX_WEBHOOK_SECRET = 'whsec_sandbox_development_only';

function readPaymentSettings(env: EnvReader): PaymentSettings {
  const production =
    env.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'production') === 'production';
  const provider = env.oneOf('PAYMENT_PROVIDER', ['sandbox', 'stripe'] as const, production ? 'stripe' : 'sandbox');
  if (production && provider === 'sandbox')
    env.problem('PAYMENT_PROVIDER=sandbox is refused with NODE_ENV=production: the sandbox takes no money');
  const stripe = provider === 'stripe';
  const secretKey = env.optionalString('STRIPE_SECRET_KEY');
  const webhookSecret = env.optionalString('STRIPE_WEBHOOK_SECRET');
  if (stripe && !secretKey) env.problem('STRIPE_SECRET_KEY is required with PAYMENT_PROVIDER=stripe');
  else if (secretKey && !/^(sk|rk)_(test|live)_\w+$/.test(secretKey))
    env.problem('STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_... or rk_...)');
  if (stripe && !webhookSecret) env.problem('STRIPE_WEBHOOK_SECRET is required with PAYMENT_PROVIDER=stripe');
  else if (webhookSecret && !/^whsec_\w+$/.test(webhookSecret))
    env.problem('STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret (whsec_...)');
  const apiUrl = env.optionalUrl('STRIPE_API_URL', ['http:', 'https:']);
  return {
    provider,
    timeoutSeconds: env.int('PAYMENT_TIMEOUT_SECONDS', { default: 900, min: 60, max: 86_400 }),
    maxAttempts: env.int('PAYMENT_MAX_ATTEMPTS', { default: 5, min: 1, max: 20 }),
    webhookSecret: webhookSecret ?? SANDBOX_WEBHOOK_SECRET,
    ...(stripe && secretKey ? { stripe: { secretKey, ...(apiUrl ? { apiUrl } : {}) } } : {}),
    sandboxEventDelayMs: env.int('SANDBOX_EVENT_DELAY_MS', { default: 200, min: 0, max: 60_000 }),
  };
}

export function readOrderSettings(env: EnvReader): OrderSettings {
  return {
    cartServiceUrl: env.url('CART_SERVICE_URL', ['http:', 'https:'], 'http://127.0.0.1:3003'),
    productServiceUrl: env.url('PRODUCT_SERVICE_URL', ['http:', 'https:'], 'http://127.0.0.1:3001'),
    sagaStaleSeconds: env.int('ORDER_SAGA_STALE_SECONDS', { default: 60, min: 1, max: 3_600 }),
    sweepIntervalMs: env.int('ORDER_SWEEP_INTERVAL_MS', { default: 30_000, min: 0, max: 3_600_000 }),
    idempotencyWaitMs: env.int('IDEMPOTENCY_WAIT_MS', { default: 5_000, min: 0, max: 60_000 }),
    // At most 30 s, so a placement cut by its budget never looks stale at the default ORDER_SAGA_STALE_SECONDS (60).
    requestBudgetMs: env.int('ORDER_REQUEST_BUDGET_MS', { default: 5_000, min: 500, max: 30_000 }),
    outboxRelayIntervalMs: env.int('OUTBOX_RELAY_INTERVAL_MS', { default: 1_000, min: 0, max: 60_000 }),
    payments: readPaymentSettings(env),
  };
}
