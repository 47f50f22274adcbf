import { type CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { RedisCacheStore } from './redis-cache-store';

export interface CacheStoreOptions {
  /** Set: one store in Redis shared by every replica. Unset: a store inside this process. */
  redisUrl?: string;
  /** Replicas that share a namespace share entries and invalidations (e.g. `catalog:<database name>`). */
  namespace: string;
  /** Bound of the in-process store. */
  maxEntries: number;
}

export function createCacheStore(options: CacheStoreOptions): CacheStore {
  return options.redisUrl
    ? RedisCacheStore.connect(options.redisUrl, { namespace: options.namespace })
    : new MemoryCacheStore(options.maxEntries);
}
