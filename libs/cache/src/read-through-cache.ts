import { type CacheStore } from './cache-store';

export type CacheOutcome = 'hit' | 'miss' | 'error';
export type CacheOperation = 'read' | 'write' | 'invalidate';

export interface ReadThroughCacheOptions {
  /** How long an entry may be served; also the staleness bound when an invalidation is lost. 0 disables. */
  ttlMs: number;
  onOutcome?: (outcome: CacheOutcome) => void;
  /** A failing store never fails a request: reads fall through to the loader, and the failure lands here. */
  onError?: (operation: CacheOperation, error: unknown) => void;
}

/**
 * Read-through cache of JSON values over a generational store. Concurrent misses for the same key and
 * generation share one load, so a cold or just-invalidated cache sends one query per key, not one per
 * request. A value loaded under an older generation is never handed to a reader of a newer one.
 */
export class ReadThroughCache {
  private readonly loading = new Map<string, Promise<unknown>>();

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
        return JSON.parse(found.value) as T;
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
    try {
      await this.store.invalidate();
    } catch (error) {
      this.options.onError?.('invalidate', error);
    }
  }

  close(): Promise<void> {
    return this.store.close();
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
