import { once } from 'node:events';
import type Redis from 'ioredis';
import { connectRedis } from '@app/redis';
import { type CacheRead, type CacheStore } from './cache-store';

// Reads the generation and the entry under it in one round trip, so no invalidation can fall in between.
const READ_CURRENT = `
local generation = redis.call('GET', KEYS[1]) or '0'
return {generation, redis.call('GET', ARGV[1] .. generation .. ':' .. ARGV[2])}`;

interface ReadCommand {
  cacheReadCurrent(generationKey: string, entryPrefix: string, key: string): Promise<[string, string | null]>;
}

export interface RedisCacheOptions {
  /** e.g. `catalog:ecommerce_products`: every replica using the same namespace shares entries and invalidations. */
  namespace: string;
  /** Per command; a slower Redis is treated as a miss rather than slowing the request down. */
  commandTimeoutMs?: number;
}

/**
 * The cache shared by every replica. An invalidation increments one generation counter, which moves all
 * replicas to new keys at once; entries of older generations are never read again and expire on their TTL.
 * Every key carries the same `{namespace}` hash tag, so the read script also works on a Redis Cluster.
 */
export class RedisCacheStore implements CacheStore {
  private readonly generationKey: string;
  private readonly entryPrefix: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.generationKey = `{${namespace}}:generation`;
    this.entryPrefix = `{${namespace}}:entry:`;
    redis.defineCommand('cacheReadCurrent', { numberOfKeys: 1, lua: READ_CURRENT });
  }

  static connect(url: string, options: RedisCacheOptions): RedisCacheStore {
    // Every failed command is reported by the cache that issued it.
    return new RedisCacheStore(connectRedis(url, options.commandTimeoutMs ?? 250), options.namespace);
  }

  async read(key: string): Promise<CacheRead> {
    const command = this.redis as unknown as ReadCommand;
    const [generation, value] = await command.cacheReadCurrent(this.generationKey, this.entryPrefix, key);
    return { generation: Number(generation), value: value ?? undefined };
  }

  async write(generation: number, key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.entryPrefix}${generation}:${key}`, value, 'PX', ttlMs);
  }

  async invalidate(): Promise<void> {
    await this.redis.incr(this.generationKey);
  }

  /** Resolves once connected; until then every read is a miss. */
  async ready(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready');
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
