/** What a reader finds: the store's current generation and, when present, the entry kept for the key under it. */
export interface CacheRead {
  generation: number;
  value?: string;
}

/**
 * A key/value store with generations. `invalidate()` moves every reader to a new generation, so everything
 * written before it becomes unreachable at once, however many keys (list pages, filters) there are.
 */
export interface CacheStore {
  read(key: string): Promise<CacheRead>;
  /**
   * The same read answered synchronously, by a store that can (the one in this process): a hit then needs no
   * promise at all. Absent on stores that must ask over the network.
   */
  readNow?(key: string): CacheRead;
  /** Keeps `value` for `ttlMs`; a write made under an outdated generation is never served. */
  write(generation: number, key: string, value: string, ttlMs: number): Promise<void>;
  invalidate(): Promise<void>;
  close(): Promise<void>;
}
