import type Redis from 'ioredis';
import { type ServiceConfig } from '@app/config';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { createRateLimitStorage } from './rate-limit.module';
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
  it("falls back to this replica's memory when Redis does not answer: still limiting, never failing", async () => {
    // A client whose every command fails, as ioredis's does while Redis is down (no offline queue).
    const down = { eval: () => Promise.reject(new Error("Stream isn't writeable")) } as unknown as Redis;
    const storage = new RedisRateLimitStorage(down, 'test:');
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await storage.increment('a', 60_000, 2));
    expect(answers.map((answer) => [answer.totalHits, answer.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
  });
});

// The real Redis: redis-rate-limit.storage.integration-spec.ts (jest project `integration`).

describe('createRateLimitStorage', () => {
  it('keeps the counters in memory when REDIS_URL is not set', async () => {
    const storage = createRateLimitStorage({ service: { name: 'x' }, rateLimit: {} } as unknown as ServiceConfig);
    try {
      expect(storage).toBeInstanceOf(MemoryRateLimitStorage);
    } finally {
      await storage.close();
    }
  });
});
