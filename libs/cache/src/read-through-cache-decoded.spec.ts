import { type CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { serializeJson } from './cached-json';
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

describe('ReadThroughCache: wire form', () => {
  it('gives the stored JSON bytes and a strong ETag, made once per stored text and shared', async () => {
    const cache = new ReadThroughCache(new MemoryCacheStore(10), { ttlMs: 10_000 });
    const loaded = await cache.getOrLoadJson('p', async () => ({ name: 'Tee', price: 100 }));
    expect(loaded?.body.toString()).toBe('{"name":"Tee","price":100}');
    expect(loaded?.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    const hit = await cache.getOrLoadJson('p', async () => undefined);
    expect(hit).toBe(loaded);
    expect(cache.peekJson('p')).toBe(loaded);
    expect(await cache.getOrLoad('p', async () => undefined)).toEqual({ name: 'Tee', price: 100 });
  });

  it('changes the ETag when the stored text changes, and keeps it for equal bytes', async () => {
    const cache = new ReadThroughCache(new MemoryCacheStore(10), { ttlMs: 10_000 });
    const first = await cache.getOrLoadJson('p', async () => ({ price: 100 }));
    await cache.invalidate();
    const same = await cache.getOrLoadJson('p', async () => ({ price: 100 }));
    await cache.invalidate();
    const changed = await cache.getOrLoadJson('p', async () => ({ price: 101 }));
    expect(same?.etag).toBe(first?.etag);
    expect(changed?.etag).not.toBe(first?.etag);
    expect(serializeJson({ price: 101 })).toEqual(changed);
  });

  it('answers a hit synchronously only from a store in this process, and only hits', async () => {
    const outcomes: string[] = [];
    const memory = new ReadThroughCache(new MemoryCacheStore(10), {
      ttlMs: 10_000,
      onOutcome: (outcome) => outcomes.push(outcome),
    });
    expect(memory.peekJson('p')).toBeUndefined();
    await memory.getOrLoadJson('p', async () => ({ price: 1 }));
    expect(memory.peekJson('p')?.body.toString()).toBe('{"price":1}');
    expect(outcomes).toEqual(['miss', 'hit']);
    const remote: CacheStore = {
      read: async () => ({ generation: 0, value: '{"price":1}' }),
      write: async () => undefined,
      invalidate: async () => undefined,
      close: async () => undefined,
    };
    const shared = new ReadThroughCache(remote, { ttlMs: 10_000 });
    expect(shared.peekJson('p')).toBeUndefined();
    expect((await shared.getOrLoadJson('p', async () => undefined))?.body.toString()).toBe('{"price":1}');
    const off = new ReadThroughCache(new MemoryCacheStore(10), { ttlMs: 0 });
    expect(off.peekJson('p')).toBeUndefined();
    expect((await off.getOrLoadJson('p', async () => [1]))?.body.toString()).toBe('[1]');
    expect(await off.getOrLoadJson('p', async () => undefined)).toBeUndefined();
  });
});
