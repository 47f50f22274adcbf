import { once } from 'node:events';
import type Redis from 'ioredis';
import { connectRedis } from '@app/redis';
import { type DecayedCount, FailureCounters, MemoryFailureCounters } from './failure-counters';
import { type FallbackListener, StoreFallbackReporter } from './store-fallback';

// Decays each hash {v, t} to the server's clock and, in mode 'add', adds one. Values travel as strings:
// Lua numbers returned to Redis are truncated to integers. Keys live ten half-lives (then under 0.1 %).
const DECAYING_COUNT = `
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local half = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local v = tonumber(redis.call('HGET', key, 'v') or '0')
  local t = tonumber(redis.call('HGET', key, 't') or '0')
  if v > 0 and now > t then v = v * math.pow(2, -(now - t) / half) end
  if ARGV[2] == 'add' then
    v = v + 1
    t = now
    redis.call('HSET', key, 'v', tostring(v), 't', tostring(t))
    redis.call('PEXPIRE', key, half * 10)
  end
  out[i] = {tostring(v), tostring(t)}
end
return out`;

// Adds the member at the server's time, forgets members older than the window, counts the rest.
const DISTINCT_IN_WINDOW = `
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])`;

/**
 * The failure counters in Redis, shared by every replica (all times from the Redis server's clock, so
 * replicas with skewed clocks agree). When Redis does not answer, this replica's memory decides instead:
 * an outage of Redis weakens the limits to per-replica ones but never switches them off.
 */
export class RedisFailureCounters extends FailureCounters {
  private readonly memory = new MemoryFailureCounters();
  private readonly fallback: StoreFallbackReporter;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    onFallback?: FallbackListener,
  ) {
    super();
    this.fallback = new StoreFallbackReporter('failure-counters', onFallback);
  }

  static connect(url: string, prefix: string, onFallback?: FallbackListener): RedisFailureCounters {
    // Failures are reported per decision by the fallback.
    return new RedisFailureCounters(connectRedis(url, 500), prefix, onFallback);
  }

  read(keys: string[], halfLifeMs: number): Promise<DecayedCount[]> {
    return this.counts('read', keys, halfLifeMs);
  }

  add(keys: string[], halfLifeMs: number): Promise<DecayedCount[]> {
    return this.counts('add', keys, halfLifeMs);
  }

  async clear(key: string): Promise<void> {
    await this.memory.clear(key);
    try {
      await this.redis.del(`${this.prefix}${key}`);
    } catch (error) {
      this.fallback.fellBack(error);
    }
  }

  async distinct(key: string, member: string, windowMs: number): Promise<number> {
    try {
      const count = await this.redis.eval(DISTINCT_IN_WINDOW, 1, `${this.prefix}${key}`, member, String(windowMs));
      return Number(count);
    } catch (error) {
      this.fallback.fellBack(error);
      return this.memory.distinct(key, member, windowMs);
    }
  }

  /** Resolves once connected; until then the memory decides. */
  async ready(): Promise<void> {
    if (this.redis.status !== 'ready') await once(this.redis, 'ready');
  }

  close(): void {
    this.memory.close();
    this.redis.disconnect();
  }

  private async counts(mode: 'read' | 'add', keys: string[], halfLifeMs: number): Promise<DecayedCount[]> {
    try {
      const prefixed = keys.map((key) => `${this.prefix}${key}`);
      const answer = (await this.redis.eval(DECAYING_COUNT, keys.length, ...prefixed, String(halfLifeMs), mode)) as [
        string,
        string,
      ][];
      return answer.map(([value, lastAt]) => ({ value: Number(value), lastAt: Number(lastAt) }));
    } catch (error) {
      this.fallback.fellBack(error);
      return mode === 'add' ? this.memory.add(keys, halfLifeMs) : this.memory.read(keys, halfLifeMs);
    }
  }
}
