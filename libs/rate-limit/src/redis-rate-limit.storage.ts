import { once } from 'node:events';
import type Redis from 'ioredis';
import { connectRedis } from '@app/redis';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { type RateLimitRecord, RateLimitStorage, recordFor } from './rate-limit.storage';
import { type FallbackListener, StoreFallbackReporter } from './store-fallback';

// Increments the window counter and starts its expiry atomically; returns hits and milliseconds left.
const INCREMENT_WINDOW = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {hits, ttl}`;

/**
 * Fixed-window counters in Redis, so a limit holds across all replicas of a service. When Redis cannot
 * answer quickly the request is counted in this replica's memory instead (metric and warning
 * `rate_limit_store_fallback`): an outage of Redis must neither become an outage of the shop nor switch
 * the limits off (with N replicas a client gets at most N times its limit until Redis is back).
 */
export class RedisRateLimitStorage extends RateLimitStorage {
  private readonly memory = new MemoryRateLimitStorage();
  private readonly fallback: StoreFallbackReporter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    onFallback?: FallbackListener,
  ) {
    super();
    this.fallback = new StoreFallbackReporter('rate-limit', onFallback);
  }

  static connect(url: string, prefix: string, onFallback?: FallbackListener): RedisRateLimitStorage {
    // Failures are reported per request by the fallback.
    return new RedisRateLimitStorage(connectRedis(url, 500), prefix, onFallback);
  }

  async increment(key: string, windowMs: number, limit: number): Promise<RateLimitRecord> {
    try {
      const [hits, msLeft] = (await this.redis.eval(INCREMENT_WINDOW, 1, `${this.prefix}${key}`, String(windowMs))) as [
        number,
        number,
      ];
      return recordFor(hits, msLeft, limit);
    } catch (error) {
      this.fallback.fellBack(error);
      return this.memory.increment(key, windowMs, limit);
    }
  }

  /** Resolves once connected; until then requests are counted in memory. */
  async ready(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready');
  }

  async close(): Promise<void> {
    this.memory.close();
    this.redis.disconnect();
  }
}
