import { randomUUID } from 'node:crypto';
import { RedisSessionRevocations } from './session-revocation';

// The real Redis: REDIS_URL or 127.0.0.1:6379 (these tests fail without it).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisSessionRevocations against a real Redis', () => {
  it('makes a revocation written by one service visible to another at once, until its TTL', async () => {
    const writer = RedisSessionRevocations.connect(redisUrl); // user-service
    const reader = RedisSessionRevocations.connect(redisUrl); // e.g. product-service's guard
    const [ended, live] = [randomUUID(), randomUUID()];
    try {
      await new Promise((resolve) => setTimeout(resolve, 100)); // connected (no offline queue)
      await writer.revoke([ended], 1);
      expect(await reader.isRevoked(ended)).toBe(true);
      expect(await reader.isRevoked(live)).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect(await reader.isRevoked(ended)).toBe(false);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it('answers the first checks and writes of a replica that just started instead of failing them', async () => {
    // No wait for the connection: a request arriving right after start-up.
    const writer = RedisSessionRevocations.connect(redisUrl);
    const reader = RedisSessionRevocations.connect(redisUrl);
    const ended = randomUUID();
    try {
      await writer.revoke([ended], 5);
      expect(await reader.isRevoked(ended)).toBe(true);
    } finally {
      writer.close();
      reader.close();
    }
  });

  it('cannot answer without Redis, so the guard refuses instead of guessing', async () => {
    const cut = RedisSessionRevocations.connect('redis://127.0.0.1:1');
    try {
      await expect(cut.isRevoked('any')).rejects.toThrow();
    } finally {
      cut.close();
    }
  });
});
