import { randomUUID } from 'node:crypto';
import { type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import Redis from 'ioredis';
import { type AccessTokenVerifier, RequestAuthenticator } from '@app/auth';
import { type ServiceConfig } from '@app/config';
import { RateLimitedError, RateLimitGuard } from './rate-limit.guard';
import { createRateLimitStorage } from './rate-limit.module';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

// The real Redis: REDIS_URL (set by .ci/run when Redis answers), else the one every development and CI machine
// runs on 127.0.0.1:6379. Without it these tests fail, saying so: the Redis store is what holds limits across
// replicas, and it is not tested otherwise.
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function answeringRedis(): Promise<Redis> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => undefined); // the connect() rejection below says it
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `Redis does not answer at ${redisUrl} (${String(error)}). Start it (redis-server --port 6379) or set ` +
        'REDIS_URL: these tests check the rate-limit store against a real Redis.',
    );
  }
}

/** Resolves once every storage is connected: until then the storage lets requests through by design. */
const connected = (...storages: RedisRateLimitStorage[]) => Promise.all(storages.map((storage) => storage.ready()));

describe('RedisRateLimitStorage against a real Redis', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = await answeringRedis();
  });
  afterAll(() => redis?.disconnect());

  it('shares one window between two replicas and expires it', async () => {
    const prefix = `test:${randomUUID()}:`;
    const replicaA = RedisRateLimitStorage.connect(redisUrl, prefix);
    const replicaB = RedisRateLimitStorage.connect(redisUrl, prefix);
    try {
      await connected(replicaA, replicaB);
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

  it('falls back to limits in this replica when its Redis is unreachable, and reports each such decision', async () => {
    const fallbacks: string[] = [];
    const storage = RedisRateLimitStorage.connect('redis://127.0.0.1:1', 'test:', (store) => fallbacks.push(store));
    try {
      expect(await storage.increment('a', 60_000, 1)).toMatchObject({ isBlocked: false });
      expect(await storage.increment('a', 60_000, 1)).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
      expect(fallbacks).toEqual(['rate-limit', 'rate-limit']);
    } finally {
      await storage.close();
    }
  });

  it("limits a client across two replicas' guards when REDIS_URL is set, in the service's key space", async () => {
    const service = `rate-limit-test-${randomUUID()}`;
    const config = {
      service: { name: service },
      rateLimit: { windowMs: 60_000, max: 2, authMax: 1, redisUrl },
    } as unknown as ServiceConfig;
    const storages = [createRateLimitStorage(config), createRateLimitStorage(config)] as RedisRateLimitStorage[];
    expect(storages[0]).toBeInstanceOf(RedisRateLimitStorage);
    const authenticator = new RequestAuthenticator({} as AccessTokenVerifier); // no request here has a token
    const [replicaA, replicaB] = storages.map(
      (storage) => new RateLimitGuard(config, storage, authenticator, new Reflector()),
    );
    class Routes {
      list(): void {}
    }
    const decide = async (guard: RateLimitGuard) => {
      const headers: Record<string, string> = {};
      const context = {
        getHandler: () => Routes.prototype.list,
        getClass: () => Routes,
        switchToHttp: () => ({
          getRequest: () => ({ ip: '10.20.30.40', headers: {} }),
          getResponse: () => ({ header: (name: string, value: string) => (headers[name] = value) }),
        }),
      } as unknown as ExecutionContext;
      try {
        return { result: await guard.canActivate(context), headers };
      } catch (error) {
        return { result: error, headers };
      }
    };
    try {
      await connected(...storages);
      expect(await decide(replicaA)).toMatchObject({ result: true, headers: { 'RateLimit-Remaining': '1' } });
      expect(await decide(replicaB)).toMatchObject({ result: true, headers: { 'RateLimit-Remaining': '0' } });
      const refused = (await decide(replicaA)).result;
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED', headers: { 'Retry-After': '60' } });
      // One counter in Redis, named by service, limit and client, expiring with the window.
      const key = `ratelimit:${service}:default:ip:10.20.30.40`;
      expect(await redis.get(key)).toBe('3');
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      await redis.del(key);
    } finally {
      await Promise.all(storages.map((storage) => storage.close()));
    }
  });
});
