import { MemoryCacheStore } from './memory-cache-store';

describe('MemoryCacheStore', () => {
  let now = 1_000;
  const clock = () => now;

  it('serves an entry until its TTL, then misses', async () => {
    const store = new MemoryCacheStore(10, clock);
    const { generation } = await store.read('a');
    await store.write(generation, 'a', '"one"', 500);
    expect((await store.read('a')).value).toBe('"one"');
    now += 499;
    expect((await store.read('a')).value).toBe('"one"');
    now += 1;
    expect((await store.read('a')).value).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('drops everything on invalidation, and a write that started before it is never stored', async () => {
    const store = new MemoryCacheStore(10, clock);
    const before = (await store.read('a')).generation;
    await store.write(before, 'a', '"old"', 1_000);
    await store.invalidate();
    expect((await store.read('a')).value).toBeUndefined();
    await store.write(before, 'b', '"loaded before the invalidation"', 1_000);
    expect((await store.read('b')).value).toBeUndefined();
    const after = (await store.read('b')).generation;
    expect(after).toBe(before + 1);
    await store.write(after, 'b', '"fresh"', 1_000);
    expect((await store.read('b')).value).toBe('"fresh"');
  });

  it('keeps at most maxEntries, evicting the least recently used', async () => {
    const store = new MemoryCacheStore(2, clock);
    await store.write(0, 'a', '1', 1_000);
    await store.write(0, 'b', '2', 1_000);
    await store.read('a'); // a is now more recent than b
    await store.write(0, 'c', '3', 1_000);
    expect(store.size).toBe(2);
    expect((await store.read('b')).value).toBeUndefined();
    expect((await store.read('a')).value).toBe('1');
    expect((await store.read('c')).value).toBe('3');
    await store.close();
    expect(store.size).toBe(0);
  });
});
