import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { RedisFailureCounters } from './redis-failure-counters';

// The real Redis, as for the rate-limit store: REDIS_URL or 127.0.0.1:6379 (these tests fail without it).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisFailureCounters against a real Redis', () => {
  let prefix: string;
  let replicaA: RedisFailureCounters;
  let replicaB: RedisFailureCounters;

  beforeEach(async () => {
    prefix = `test:${randomUUID()}:`;
    replicaA = RedisFailureCounters.connect(redisUrl, prefix);
    replicaB = RedisFailureCounters.connect(redisUrl, prefix);
    await Promise.all([replicaA.ready(), replicaB.ready()]);
  });
  afterEach(() => {
    replicaA.close();
    replicaB.close();
  });

  it('shares decaying counts between replicas: failures add up, then halve every half-life', async () => {
    await replicaA.add(['pair'], 400);
    const [afterTwo] = await replicaB.add(['pair'], 400);
    expect(afterTwo.value).toBeGreaterThan(1.9);
    expect(afterTwo.lastAt).toBeGreaterThan(Date.now() - 5_000);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const [faded] = await replicaA.read(['pair'], 400);
    expect(faded.value).toBeGreaterThan(0.8);
    expect(faded.value).toBeLessThan(1.2);
    await replicaB.clear('pair');
    expect((await replicaA.read(['pair'], 400))[0].value).toBe(0);
  });

  it('counts distinct members within a sliding window, across replicas', async () => {
    expect(await replicaA.distinct('ips', '10.0.0.1', 300)).toBe(1);
    expect(await replicaB.distinct('ips', '10.0.0.2', 300)).toBe(2);
    expect(await replicaA.distinct('ips', '10.0.0.1', 300)).toBe(2); // the same member again
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await replicaB.distinct('ips', '10.0.0.3', 300)).toBe(1);
  });

  it('keeps counting in memory when Redis does not answer, and reports it', async () => {
    const fallbacks: string[] = [];
    const cut = RedisFailureCounters.connect('redis://127.0.0.1:1', prefix, (store) => fallbacks.push(store));
    try {
      await cut.add(['pair'], 60_000);
      const [count] = await cut.add(['pair'], 60_000);
      expect(count.value).toBeGreaterThan(1.99);
      expect(fallbacks).toEqual(['failure-counters', 'failure-counters']);
    } finally {
      cut.close();
    }
  });

  it('lets every key expire after ten half-lives', async () => {
    await replicaA.add(['short'], 1_000);
    const redis = new Redis(redisUrl);
    try {
      const ttl = await redis.pttl(`${prefix}short`);
      expect(ttl).toBeGreaterThan(9_000);
      expect(ttl).toBeLessThanOrEqual(10_000);
    } finally {
      redis.disconnect();
    }
  });
});
