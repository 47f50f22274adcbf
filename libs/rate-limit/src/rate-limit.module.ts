import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStorage } from './rate-limit.storage';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

/** In memory by default; in Redis when REDIS_URL is set, so limits hold across replicas. */
export function createRateLimitStorage(config: ServiceConfig): RateLimitStorage {
  const { redisUrl } = config.rateLimit;
  return redisUrl
    ? RedisRateLimitStorage.connect(redisUrl, `ratelimit:${config.service.name}:`)
    : new MemoryRateLimitStorage();
}

/**
 * The guard (registered globally by the service kit, first of the guards) and the one counter storage of the
 * service, which other limits may inject as `RateLimitStorage`. The storage is closed on shutdown.
 */
@Global()
@Module({
  providers: [
    { provide: RateLimitStorage, inject: [ServiceConfig], useFactory: createRateLimitStorage },
    RateLimitGuard,
  ],
  exports: [RateLimitGuard, RateLimitStorage],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(private readonly storage: RateLimitStorage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
