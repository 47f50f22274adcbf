import { once } from 'node:events';
import { connectRedis } from './connect-redis';

// The real Redis: REDIS_URL or 127.0.0.1:6379 (these tests fail without it).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('connectRedis', () => {
  it('answers commands once connected', async () => {
    const redis = connectRedis(redisUrl, 500);
    try {
      await once(redis, 'ready');
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('fails a command at once while Redis is away instead of queueing it, and never throws an unhandled error', async () => {
    const redis = connectRedis('redis://127.0.0.1:1', 500);
    try {
      const started = Date.now();
      await expect(redis.get('any')).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      redis.disconnect();
    }
  });
});
