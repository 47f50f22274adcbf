import { randomUUID } from 'node:crypto';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

describe('MemoryRateLimitStorage', () => {
  let storage: MemoryRateLimitStorage;
  beforeEach(() => (storage = new MemoryRateLimitStorage()));
  afterEach(() => storage.close());

  it('counts hits per key within a window and blocks past the limit until the window resets', async () => {
    expect(await storage.increment('a', 60_000, 2)).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await storage.increment('a', 60_000, 2);
    expect(await storage.increment('a', 60_000, 2)).toMatchObject({
      totalHits: 3,
      isBlocked: true,
      timeToBlockExpire: 60,
    });
    expect(await storage.increment('b', 60_000, 2)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('starts a new window once the old one has ended, and sweeps ended windows', async () => {
    await storage.increment('a', 20, 1);
    expect((await storage.increment('a', 20, 1)).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await storage.increment('a', 20, 1)).toMatchObject({ totalHits: 1, isBlocked: false });
    await new Promise((resolve) => setTimeout(resolve, 30));
    storage.sweep();
    expect(storage.size).toBe(0);
  });

  it('keeps one record per client however many requests it makes', async () => {
    for (let i = 0; i < 10_000; i += 1) await storage.increment('busy', 60_000, 100);
    expect(storage.size).toBe(1);
  });
});

describe('RedisRateLimitStorage', () => {
  it('lets requests through when Redis is unreachable instead of failing them', async () => {
    const storage = RedisRateLimitStorage.connect('redis://127.0.0.1:1', 'test:');
    expect(await storage.increment('a', 60_000, 1)).toMatchObject({ isBlocked: false });
    await storage.close();
  });

  // A real Redis: REDIS_URL, or the one every development and CI machine runs on 127.0.0.1:6379.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  describe('against a real Redis', () => {
    it('shares one window between two replicas and expires it', async () => {
      const prefix = `test:${randomUUID()}:`;
      const replicaA = RedisRateLimitStorage.connect(redisUrl!, prefix);
      const replicaB = RedisRateLimitStorage.connect(redisUrl!, prefix);
      try {
        await Promise.all([replicaA.ready(), replicaB.ready()]);
        await replicaA.increment('user:1', 300, 2);
        await replicaB.increment('user:1', 300, 2);
        const third = await replicaA.increment('user:1', 300, 2);
        expect(third).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 1 });
        await new Promise((resolve) => setTimeout(resolve, 350));
        expect(await replicaB.increment('user:1', 300, 2)).toMatchObject({ totalHits: 1, isBlocked: false });
      } finally {
        await replicaA.close();
        await replicaB.close();
      }
    });
  });
});
