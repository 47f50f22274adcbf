import { type CachedJson, jsonFromText, serializeJson } from './cached-json';
import { type CacheRead, type CacheStore } from './cache-store';

export type CacheOutcome = 'hit' | 'miss' | 'error';
export type CacheOperation = 'read' | 'write' | 'invalidate';

export interface ReadThroughCacheOptions {
  /** How long an entry may be served; also the staleness bound when an invalidation is lost. 0 disables. */
  ttlMs: number;
  onOutcome?: (outcome: CacheOutcome) => void;
  /** A failing store never fails a request: reads fall through to the loader, and the failure lands here. */
  onError?: (operation: CacheOperation, error: unknown) => void;
  /**
   * For how many keys (the most recently read) the decoded value and the wire form of the stored text are kept
   * for reuse; default 256.
   */
  decodedEntries?: number;
}

/**
 * What this process derived from one stored text of a key, valid for as long as the store returns that same
 * text: the decoded value and the wire form, each made on first use.
 */
class Derived {
  private value?: unknown;
  private json?: CachedJson;

  constructor(readonly text: string) {}

  decoded(): unknown {
    if (this.value === undefined) this.value = deepFreeze(JSON.parse(this.text) as unknown);
    return this.value;
  }

  wire(): CachedJson {
    if (this.json === undefined) this.json = jsonFromText(this.text);
    return this.json;
  }
}

/** A finished load: what the loader returned and, when it found something, the text stored for it. */
interface Loaded<T> {
  value: T | undefined;
  derived?: Derived;
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
 * Two ways to read:
 * - `getOrLoad` returns the value: `JSON.parse` of the stored text, decoded once per stored text and then
 *   shared: parsing a catalog page (3.5 kB) on every hit was about 7 % of the CPU of a cached catalog read:
 *   233 -> 204 µs per request with this (tools/bench/stack-cost.ts, docs/benchmarks.md).
 * - `getOrLoadJson` returns the wire form (`CachedJson`): the stored text's bytes and their entity tag, made
 *   once per stored text, for a response that sends the bytes as they are instead of serialising the value
 *   again on every hit.
 * Whatever is derived from a text is reused only while the store returns exactly that text, so a rewrite, an
 * invalidation or another replica's write is seen as before. Shared values are deeply frozen: readers must
 * treat what a hit returns as read-only (a write to it throws instead of leaking into other requests).
 */
export class ReadThroughCache {
  private readonly loading = new Map<string, Promise<Loaded<unknown>>>();
  private readonly derived = new Map<string, Derived>();

  constructor(
    private readonly store: CacheStore,
    private readonly options: ReadThroughCacheOptions,
  ) {}

  get enabled(): boolean {
    return this.options.ttlMs > 0;
  }

  /** `load` resolving to undefined (nothing found) is not cached. */
  async getOrLoad<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    const found = await this.read(key, load);
    return found instanceof Derived ? (found.decoded() as T) : found.value;
  }

  /**
   * The same read, answered in its wire form: the JSON bytes of the value and their strong entity tag. A hit
   * reuses both for as long as the stored text stays the same; undefined when nothing was found.
   */
  async getOrLoadJson<T>(key: string, load: () => Promise<T | undefined>): Promise<CachedJson | undefined> {
    const found = await this.read(key, load);
    if (found instanceof Derived) return found.wire();
    if (found.derived) return found.derived.wire();
    return found.value === undefined ? undefined : serializeJson(found.value);
  }

  /**
   * A hit in its wire form without a promise, when the store answers synchronously (in this process) and holds
   * the key; otherwise undefined, and the caller reads with getOrLoadJson. Only a hit is counted here.
   * On Node 20 every promise of a request pays the AsyncLocalStorage hooks of the request context, so the few
   * promises of a cache hit (this class, the store) were worth avoiding: docs/benchmarks.md.
   */
  peekJson(key: string): CachedJson | undefined {
    if (!this.enabled || this.store.readNow === undefined) return undefined;
    let found: CacheRead;
    try {
      found = this.store.readNow(key);
    } catch {
      return undefined; // getOrLoadJson reads again, counts and reports the failure
    }
    if (found.value === undefined) return undefined;
    this.options.onOutcome?.('hit');
    return this.derivedFrom(key, found.value).wire();
  }

  /** Call after the database write has succeeded: every reader sharing the store stops seeing older entries. */
  async invalidate(): Promise<void> {
    this.derived.clear(); // not needed for correctness (entries are checked against the text), frees memory
    try {
      await this.store.invalidate();
    } catch (error) {
      this.options.onError?.('invalidate', error);
    }
  }

  close(): Promise<void> {
    this.derived.clear();
    return this.store.close();
  }

  /** A hit as what was derived from its stored text; a miss (or no cache) as the load's outcome. */
  private async read<T>(key: string, load: () => Promise<T | undefined>): Promise<Derived | Loaded<T>> {
    if (!this.enabled) return { value: await load() };
    let generation: number;
    try {
      const found = await this.store.read(key);
      if (found.value !== undefined) {
        this.options.onOutcome?.('hit');
        return this.derivedFrom(key, found.value);
      }
      generation = found.generation;
    } catch (error) {
      this.options.onOutcome?.('error');
      this.options.onError?.('read', error);
      return { value: await load() };
    }
    this.options.onOutcome?.('miss');
    const flight = `${generation}:${key}`;
    const pending = this.loading.get(flight) as Promise<Loaded<T>> | undefined;
    if (pending) return pending;
    const started = this.loadAndStore(generation, key, load).finally(() => this.loading.delete(flight));
    this.loading.set(flight, started);
    return started;
  }

  /** What was derived from `text` for `key`, reused while the key's stored text stays the same (recent keys only). */
  private derivedFrom(key: string, text: string): Derived {
    const known = this.derived.get(key);
    this.derived.delete(key); // most recently used goes last
    const current = known !== undefined && known.text === text ? known : new Derived(text);
    this.derived.set(key, current);
    if (this.derived.size > (this.options.decodedEntries ?? 256))
      this.derived.delete(this.derived.keys().next().value as string);
    return current;
  }

  private async loadAndStore<T>(generation: number, key: string, load: () => Promise<T | undefined>) {
    const value = await load();
    if (value === undefined) return { value };
    const text = JSON.stringify(value);
    try {
      await this.store.write(generation, key, text, this.options.ttlMs);
    } catch (error) {
      this.options.onError?.('write', error);
    }
    // Registered even when the store dropped the write: it is only ever reused for this very text.
    return { value, derived: this.derivedFrom(key, text) };
  }
}
