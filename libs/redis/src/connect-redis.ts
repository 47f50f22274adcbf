import Redis from 'ioredis';

/**
 * The one way the services open Redis for work on a request's path (rate limits, login failure counters, the
 * catalog cache, session revocations): no offline queue and a single retry, so a command sent while Redis is away
 * fails within `commandTimeoutMs` instead of holding the request behind a queue. What a failure means is the
 * caller's decision (a per-replica memory fallback, a cache miss, a 503). Connection errors are not reported per
 * reconnect attempt here: each caller reports its failed commands.
 */
export function connectRedis(url: string, commandTimeoutMs: number): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: commandTimeoutMs,
  });
  redis.on('error', () => undefined);
  return redis;
}
