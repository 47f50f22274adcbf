import { type CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { ReadThroughCache } from './read-through-cache';

describe('ReadThroughCache: decoded values', () => {
  it('decodes a stored text once and serves that value, frozen, while the text stays the same', async () => {
    const cache = new ReadThroughCache(new MemoryCacheStore(10), { ttlMs: 10_000 });
    await cache.getOrLoad('p', async () => ({ price: 100, tags: ['a'] }));
    const first = await cache.getOrLoad<{ price: number; tags: string[] }>('p', async () => undefined);
    const second = await cache.getOrLoad<{ price: number; tags: string[] }>('p', async () => undefined);
    expect(first).toEqual({ price: 100, tags: ['a'] });
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first?.tags)).toBe(true);
    expect(() => first!.tags.push('b')).toThrow(TypeError);
  });

  it('decodes again when the store returns another text for the key (another replica wrote it)', async () => {
    let text = JSON.stringify({ price: 100 });
    const store: CacheStore = {
      read: async () => ({ generation: 0, value: text }),
      write: async () => undefined,
      invalidate: async () => undefined,
      close: async () => undefined,
    };
    const cache = new ReadThroughCache(store, { ttlMs: 10_000 });
    expect(await cache.getOrLoad('p', async () => undefined)).toEqual({ price: 100 });
    text = JSON.stringify({ price: 200 });
    expect(await cache.getOrLoad('p', async () => undefined)).toEqual({ price: 200 });
  });

  it('serves the new value after an invalidation, and keeps at most decodedEntries decoded values', async () => {
    const cache = new ReadThroughCache(new MemoryCacheStore(10), { ttlMs: 10_000, decodedEntries: 1 });
    await cache.getOrLoad('a', async () => ({ v: 1 }));
    await cache.getOrLoad('b', async () => ({ v: 2 }));
    const a = await cache.getOrLoad('a', async () => undefined);
    await cache.getOrLoad('b', async () => undefined); // evicts a's decoded value
    expect(await cache.getOrLoad('a', async () => undefined)).not.toBe(a);
    await cache.invalidate();
    expect(await cache.getOrLoad('a', async () => ({ v: 3 }))).toEqual({ v: 3 });
    expect(await cache.getOrLoad('a', async () => undefined)).toEqual({ v: 3 });
  });
});
