import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { MetricsService } from '@app/metrics';
import { FailureCounters, MemoryFailureCounters } from './failure-counters';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStorage } from './rate-limit.storage';
import { RedisFailureCounters } from './redis-failure-counters';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';
import { type FallbackListener } from './store-fallback';

/** In memory by default; in Redis when REDIS_URL is set, so limits hold across replicas. */
export function createRateLimitStorage(config: ServiceConfig, onFallback?: FallbackListener): RateLimitStorage {
  const { redisUrl } = config.rateLimit;
  return redisUrl
    ? RedisRateLimitStorage.connect(redisUrl, `ratelimit:${config.service.name}:`, onFallback)
    : new MemoryRateLimitStorage();
}

/** The decaying failure counters, in the same place as the rate limits (and falling back the same way). */
export function createFailureCounters(config: ServiceConfig, onFallback?: FallbackListener): FailureCounters {
  const { redisUrl } = config.rateLimit;
  return redisUrl
    ? RedisFailureCounters.connect(redisUrl, `ratelimit:${config.service.name}:failures:`, onFallback)
    : new MemoryFailureCounters();
}

/** `rate_limit_store_fallback_total{store}`: decisions taken in a replica's memory while Redis did not answer. */
function fallbackMetric(metrics: MetricsService | undefined): FallbackListener | undefined {
  const counter = metrics?.counter(
    'rate_limit_store_fallback_total',
    "Rate-limit decisions taken in this replica's memory because Redis did not answer.",
    ['store'],
  );
  return counter ? (store) => counter.inc({ store }) : undefined;
}

const STORE_DEPENDENCIES = [ServiceConfig, { token: MetricsService, optional: true }];

/**
 * The guard (registered globally by the service kit, first of the guards), the one counter storage of the
 * service, which other limits may inject as `RateLimitStorage`, and the failure counters of login
 * throttling. The stores are closed on shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: RateLimitStorage,
      inject: STORE_DEPENDENCIES,
      useFactory: (config: ServiceConfig, metrics?: MetricsService) =>
        createRateLimitStorage(config, fallbackMetric(metrics)),
    },
    {
      provide: FailureCounters,
      inject: STORE_DEPENDENCIES,
      useFactory: (config: ServiceConfig, metrics?: MetricsService) =>
        createFailureCounters(config, fallbackMetric(metrics)),
    },
    RateLimitGuard,
  ],
  exports: [RateLimitGuard, RateLimitStorage, FailureCounters],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(
    private readonly storage: RateLimitStorage,
    private readonly failures: FailureCounters,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.storage.close(), this.failures.close()]);
  }
}
