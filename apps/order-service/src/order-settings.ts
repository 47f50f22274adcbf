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
  };
}
