import { type EnvReader } from '@app/config';

/** What only cart-service reads: where product-service is, and the cart's limits and lifetime. */
export abstract class CartSettings {
  abstract readonly productServiceUrl: string;
  abstract readonly maxLines: number;
  abstract readonly maxQuantityPerLine: number;
  abstract readonly cartTtlSeconds: number;
  /** A cart with items untouched this long counts as abandoned (shop_carts_abandoned). */
  abstract readonly abandonedAfterMinutes: number;
  /** How often abandoned carts are counted; 0 turns the count off (the default in tests). */
  abstract readonly abandonedCountIntervalMs: number;
}

export function readCartSettings(env: EnvReader): CartSettings {
  return {
    productServiceUrl: env.url('PRODUCT_SERVICE_URL', ['http:', 'https:'], 'http://127.0.0.1:3001'),
    maxLines: env.int('CART_MAX_LINES', { default: 50, min: 1, max: 500 }),
    maxQuantityPerLine: env.int('CART_MAX_QUANTITY_PER_LINE', { default: 20, min: 1, max: 1000 }),
    cartTtlSeconds: env.int('CART_TTL_SECONDS', { default: 30 * 24 * 3600, min: 60 }),
    abandonedAfterMinutes: env.int('CART_ABANDONED_AFTER_MINUTES', { default: 60, min: 1, max: 30 * 24 * 60 }),
    // Tests get no timer of their own unless they ask for one; they call the count directly.
    abandonedCountIntervalMs: env.int('CART_ABANDONED_COUNT_INTERVAL_MS', {
      default: env.optionalString('NODE_ENV') === 'test' ? 0 : 60_000,
      min: 0,
      max: 3_600_000,
    }),
  };
}
