import { type CacheOutcome, ReadThroughCache } from './read-through-cache';
import { type CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

describe('ReadThroughCache', () => {
  const outcomes: CacheOutcome[] = [];
  const make = (store: CacheStore = new MemoryCacheStore(100), ttlMs = 10_000) =>
    new ReadThroughCache(store, { ttlMs, onOutcome: (outcome) => outcomes.push(outcome) });
  beforeEach(() => (outcomes.length = 0));

  it('loads on a miss, then serves the cached copy', async () => {
    const cache = make();
    const load = jest.fn(async () => ({ price: 100 }));
    expect(await cache.getOrLoad('p', load)).toEqual({ price: 100 });
    expect(await cache.getOrLoad('p', load)).toEqual({ price: 100 });
    expect(load).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual(['miss', 'hit']);
  });

  it('shares one load between concurrent misses of the same key', async () => {
    const cache = make();
    const gate = deferred<{ n: number }>();
    const load = jest.fn(() => gate.promise);
    const readers = Promise.all([1, 2, 3].map(() => cache.getOrLoad('k', load)));
    await new Promise((resolve) => setImmediate(resolve));
    gate.resolve({ n: 1 });
    expect(await readers).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('never serves a value loaded before an invalidation to a reader after it', async () => {
    const cache = make();
    const slowOld = deferred<{ price: number }>();
    const early = cache.getOrLoad('p', () => slowOld.promise);
    await new Promise((resolve) => setImmediate(resolve));
    await cache.invalidate(); // the price changed in the database meanwhile
    const late = await cache.getOrLoad('p', async () => ({ price: 200 }));
    slowOld.resolve({ price: 100 });
    expect(await early).toEqual({ price: 100 });
    expect(late).toEqual({ price: 200 });
    expect(await cache.getOrLoad('p', async () => ({ price: -1 }))).toEqual({ price: 200 });
  });

  it('does not cache "not found" and loads every time when disabled', async () => {
    const cache = make();
    const missing = jest.fn(async () => undefined);
    await cache.getOrLoad('gone', missing);
    await cache.getOrLoad('gone', missing);
    expect(missing).toHaveBeenCalledTimes(2);
    const disabled = make(new MemoryCacheStore(10), 0);
    const load = jest.fn(async () => 1);
    await disabled.getOrLoad('k', load);
    await disabled.getOrLoad('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    expect(disabled.enabled).toBe(false);
  });

  it('falls through to the loader when the store fails, and reports each failure', async () => {
    const failing: CacheStore = {
      read: () => Promise.reject(new Error('down')),
      write: () => Promise.reject(new Error('down')),
      invalidate: () => Promise.reject(new Error('down')),
      close: async () => undefined,
    };
    const errors: string[] = [];
    const cache = new ReadThroughCache(failing, {
      ttlMs: 1_000,
      onOutcome: (outcome) => outcomes.push(outcome),
      onError: (operation) => errors.push(operation),
    });
    expect(await cache.getOrLoad('k', async () => 'fresh')).toBe('fresh');
    await cache.invalidate();
    expect(outcomes).toEqual(['error']);
    expect(errors).toEqual(['read', 'invalidate']);

    const readsOnly: CacheStore = { ...failing, read: async () => ({ generation: 0 }) };
    const writeFails = new ReadThroughCache(readsOnly, { ttlMs: 1_000, onError: (op) => errors.push(op) });
    expect(await writeFails.getOrLoad('k', async () => 'fresh')).toBe('fresh');
    expect(errors).toEqual(['read', 'invalidate', 'write']);
    await writeFails.close();
  });
});
