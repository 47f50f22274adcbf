import { once } from 'node:events';
import { Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { type RateLimitRecord, RateLimitStorage, recordFor } from './rate-limit.storage';

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
 * answer quickly the request is let through (and a warning logged): an outage of the limiter must not
 * become an outage of the shop.
 */
export class RedisRateLimitStorage extends RateLimitStorage {
  private readonly logger = new Logger(RedisRateLimitStorage.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    super();
  }

  static connect(url: string, prefix: string): RedisRateLimitStorage {
    const redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      lazyConnect: false,
    });
    redis.on('error', () => undefined); // reported per request below, not once per reconnect attempt
    return new RedisRateLimitStorage(redis, prefix);
  }

  async increment(key: string, windowMs: number, limit: number): Promise<RateLimitRecord> {
    try {
      const [hits, msLeft] = (await this.redis.eval(INCREMENT_WINDOW, 1, `${this.prefix}${key}`, String(windowMs))) as [
        number,
        number,
      ];
      return recordFor(hits, msLeft, limit);
    } catch (error) {
      this.warnAtMostEveryMinute(error);
      return recordFor(0, windowMs, limit);
    }
  }

  /** Resolves once connected; until then requests are let through. */
  async ready(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private warnAtMostEveryMinute(error: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ msg: 'rate limit storage unavailable; requests are not limited', error: String(error) });
  }
}
