import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { ReadThroughCache } from './read-through-cache';
import { RedisCacheStore } from './redis-cache-store';

// A real Redis: REDIS_URL, or the one every development and CI machine runs on 127.0.0.1:6379.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisCacheStore against a real Redis', () => {
  const namespace = `test-cache:${randomUUID()}`;
  const replicas: RedisCacheStore[] = [];
  const replica = async () => {
    const store = RedisCacheStore.connect(redisUrl, { namespace });
    replicas.push(store);
    await store.ready();
    return store;
  };

  afterAll(async () => {
    const admin = new Redis(redisUrl);
    const keys = await admin.keys(`{${namespace}}:*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
    await Promise.all(replicas.map((store) => store.close()));
  });

  it('shares entries between replicas, and one replica invalidating hides them from all', async () => {
    const [a, b] = [await replica(), await replica()];
    const { generation } = await a.read('list:page=1');
    await a.write(generation, 'list:page=1', '{"total":3}', 10_000);
    expect(await b.read('list:page=1')).toEqual({ generation, value: '{"total":3}' });
    await b.invalidate();
    expect(await a.read('list:page=1')).toEqual({ generation: generation + 1 });
    // a load that started before the invalidation stores under the old generation and is never read
    await a.write(generation, 'list:page=1', '{"total":"stale"}', 10_000);
    expect((await b.read('list:page=1')).value).toBeUndefined();
  });

  it('stops serving an entry after its TTL even when no invalidation ever arrives (the staleness bound)', async () => {
    const store = await replica();
    const cache = new ReadThroughCache(store, { ttlMs: 300 });
    let price = 100;
    const load = async () => ({ price });
    expect(await cache.getOrLoad('product:1', load)).toEqual({ price: 100 });
    price = 250; // changed by a replica whose invalidation was lost
    expect(await cache.getOrLoad('product:1', load)).toEqual({ price: 100 });
    await sleep(350);
    expect(await cache.getOrLoad('product:1', load)).toEqual({ price: 250 });
  });

  it('treats an unreachable Redis as a miss: requests are served from the loader, not failed', async () => {
    const store = RedisCacheStore.connect('redis://127.0.0.1:1', { namespace, commandTimeoutMs: 100 });
    const errors: string[] = [];
    const cache = new ReadThroughCache(store, { ttlMs: 1_000, onError: (operation) => errors.push(operation) });
    try {
      expect(await cache.getOrLoad('k', async () => 'from the database')).toBe('from the database');
      await cache.invalidate();
      expect(errors).toEqual(['read', 'invalidate']);
    } finally {
      await store.close();
    }
  });
});
