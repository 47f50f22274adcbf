import { MemoryRateLimitStorage } from '../../libs/rate-limit/src/memory-rate-limit.storage';
import type { EdgePolicy, RateLimitUnit } from './gateway-values';

const UNIT_MS: Record<RateLimitUnit, number> = { Second: 1_000, Minute: 60_000, Hour: 3_600_000 };

/** Refused: the 429's Retry-After and RateLimit headers (as libs/rate-limit reports its limits). */
export type RateLimitRefusal = Record<string, string>;

/**
 * The gateway's per-client-address limit (BackendTrafficPolicy local rate limit, one bucket per address): the
 * services' own fixed-window counters (libs/rate-limit), keyed by the connection's address (locally nothing
 * stands in front of the edge, as the ALB does in front of the gateway). Only a refusal carries headers: admitted
 * answers keep the service's own RateLimit-* headers, which describe its limits.
 */
export class ClientRateLimit {
  private readonly storage = new MemoryRateLimitStorage();
  private readonly windowMs: number;

  constructor(private readonly limit: NonNullable<EdgePolicy['rateLimit']>) {
    this.windowMs = UNIT_MS[limit.unit];
  }

  /** Counts a request from `address`: undefined when admitted, else the refusal's headers. */
  count(address: string): RateLimitRefusal | undefined {
    const record = this.storage.increment(`edge:ip:${address}`, this.windowMs, this.limit.requests);
    if (!record.isBlocked) return undefined;
    return {
      'retry-after': String(record.timeToBlockExpire),
      'ratelimit-limit': String(this.limit.requests),
      'ratelimit-remaining': '0',
      'ratelimit-reset': String(record.timeToExpire),
    };
  }

  close(): void {
    this.storage.close();
  }
}

/**
 * EDGE_RATE_LIMIT overrides the chart's per-address limit for local runs that play many shoppers from one
 * address (benchmarks, system tests): `off`, or requests per the chart's unit. Unset: the chart's limit.
 */
export function edgeRateLimitOf(
  chart: EdgePolicy['rateLimit'],
  override: string | undefined,
): EdgePolicy['rateLimit'] | undefined {
  const value = override?.trim();
  if (!value || !chart) return chart;
  if (value === 'off') return undefined;
  const requests = Number(value);
  if (!Number.isInteger(requests) || requests < 1)
    throw new Error(`EDGE_RATE_LIMIT must be "off" or a positive whole number of requests, got "${value}"`);
  return { ...chart, requests };
}
