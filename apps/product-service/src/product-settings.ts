import { type EnvReader } from '@app/config';

/**
 * What only product-service reads: the catalog cache, how long shared caches (a CDN, browsers) may keep public
 * catalog reads, and the lifetime of stock reservations.
 */
export abstract class ProductSettings {
  /** How long a catalog read may be served from the cache; the documented staleness bound. 0 turns it off. */
  abstract readonly catalogCacheTtlSeconds: number;
  /** Bound of the in-process cache (unused when REDIS_URL puts the cache in Redis). */
  abstract readonly catalogCacheMaxEntries: number;
  /**
   * `max-age` of anonymous catalog reads (`Cache-Control: public`): how long a CDN or browser may answer them
   * without asking again. 0 sends `public, no-cache` (stored, but revalidated with If-None-Match every time).
   */
  abstract readonly catalogHttpMaxAgeSeconds: number;
  /** `stale-while-revalidate`: how long after max-age a shared cache may still answer while it revalidates. */
  abstract readonly catalogHttpStaleWhileRevalidateSeconds: number;
  /**
   * Unconfirmed reservations are released automatically after this long. Longer than order-service's payment
   * deadline (PAYMENT_TIMEOUT_SECONDS, 900), which releases an unpaid order's stock itself first.
   */
  abstract readonly reservationTtlSeconds: number;
  /** How often each replica looks for expired reservations and other unfinished work. */
  abstract readonly reservationSweepIntervalMs: number;
}

export function readProductSettings(env: EnvReader): ProductSettings {
  return {
    catalogCacheTtlSeconds: env.int('CATALOG_CACHE_TTL_SECONDS', { default: 10, min: 0, max: 300 }),
    catalogCacheMaxEntries: env.int('CATALOG_CACHE_MAX_ENTRIES', { default: 5_000, min: 10, max: 1_000_000 }),
    catalogHttpMaxAgeSeconds: env.int('CATALOG_HTTP_MAX_AGE_SECONDS', { default: 30, min: 0, max: 300 }),
    catalogHttpStaleWhileRevalidateSeconds: env.int('CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS', {
      default: 60,
      min: 0,
      max: 600,
    }),
    reservationTtlSeconds: env.int('RESERVATION_TTL_SECONDS', { default: 1_200, min: 1, max: 7 * 24 * 3600 }),
    reservationSweepIntervalMs: env.int('RESERVATION_SWEEP_INTERVAL_MS', { default: 5_000, min: 100, max: 600_000 }),
  };
}
