import { type CacheStore } from './cache-store';

export type CacheOutcome = 'hit' | 'miss' | 'error';
export type CacheOperation = 'read' | 'write' | 'invalidate';

export interface ReadThroughCacheOptions {
  /** How long an entry may be served; also the staleness bound when an invalidation is lost. 0 disables. */
  ttlMs: number;
  onOutcome?: (outcome: CacheOutcome) => void;
  /** A failing store never fails a request: reads fall through to the loader, and the failure lands here. */
  onError?: (operation: CacheOperation, error: unknown) => void;
  /** How many decoded values are kept for reuse (the most recently read keys); default 256. */
  decodedEntries?: number;
}

/** A value decoded from the stored text `text`: valid for as long as the store returns that same text. */
interface Decoded {
  text: string;
  value: unknown;
}

/** Values served from the cache are shared between readers, so nobody may change them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Read-through cache of JSON values over a generational store. Concurrent misses for the same key and
 * generation share one load, so a cold or just-invalidated cache sends one query per key, not one per
 * request. A value loaded under an older generation is never handed to a reader of a newer one.
 *
 * A hit returns `JSON.parse` of the stored text, decoded once per stored text and then shared: parsing a
 * catalog page (3.5 kB) on every hit was about 7 % of the CPU of a cached catalog read: 233 -> 204 µs per
 * request with this (tools/bench/stack-cost.ts, docs/benchmarks.md).
 * The decoded value is reused only while the store returns exactly the text it was decoded from, so a
 * rewrite, an invalidation or another replica's write is seen as before. Shared values are deeply frozen:
 * readers must treat what a hit returns as read-only (a write to it throws instead of leaking into other
 * requests).
 */
export class ReadThroughCache {
  private readonly loading = new Map<string, Promise<unknown>>();
  private readonly decoded = new Map<string, Decoded>();

  constructor(
    private readonly store: CacheStore,
    private readonly options: ReadThroughCacheOptions,
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** `load` resolving to undefined (nothing found) is not cached. */
  async getOrLoad<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    if (!this.enabled) return load();
    let generation: number;
    try {
      const found = await this.store.read(key);
      if (found.value !== undefined) {
        this.options.onOutcome?.('hit');
        return this.decode(key, found.value) as T;
      }
      generation = found.generation;
    } catch (error) {
      this.options.onOutcome?.('error');
      this.options.onError?.('read', error);
      return load();
    }
    this.options.onOutcome?.('miss');
    const flight = `${generation}:${key}`;
    const pending = this.loading.get(flight) as Promise<T | undefined> | undefined;
    if (pending) return pending;
    const started = this.loadAndStore(generation, key, load).finally(() => this.loading.delete(flight));
    this.loading.set(flight, started);
    return started;
  }

  /** Call after the database write has succeeded: every reader sharing the store stops seeing older entries. */
  async invalidate(): Promise<void> {
    this.decoded.clear(); // not needed for correctness (entries are checked against the text), frees memory
    try {
      await this.store.invalidate();
    } catch (error) {
      this.options.onError?.('invalidate', error);
    }
  }

  close(): Promise<void> {
    this.decoded.clear();
    return this.store.close();
  }

  /** `JSON.parse(text)`, reused while the key's stored text stays the same (the most recent keys only). */
  private decode(key: string, text: string): unknown {
    const known = this.decoded.get(key);
    if (known !== undefined && known.text === text) {
      this.decoded.delete(key); // most recently used goes last
      this.decoded.set(key, known);
      return known.value;
    }
    const value = deepFreeze(JSON.parse(text) as unknown);
    this.decoded.delete(key);
    this.decoded.set(key, { text, value });
    if (this.decoded.size > (this.options.decodedEntries ?? 256))
      this.decoded.delete(this.decoded.keys().next().value as string);
    return value;
  }

  private async loadAndStore<T>(generation: number, key: string, load: () => Promise<T | undefined>) {
    const value = await load();
    if (value === undefined) return value;
    try {
      await this.store.write(generation, key, JSON.stringify(value), this.options.ttlMs);
    } catch (error) {
      this.options.onError?.('write', error);
    }
    return value;
  }
}
