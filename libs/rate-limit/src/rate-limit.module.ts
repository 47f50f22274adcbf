import { Global, Module, OnApplicationShutdown, Injectable, Inject } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getStorageToken, ThrottlerModule, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { perRoute } from '@app/auth';
import { ServiceConfig } from '@app/config';
import { STRICT_RATE_LIMIT } from './decorators';
import { MemoryRateLimitStorage } from './memory-rate-limit.storage';
import { RateLimitGuard } from './rate-limit.guard';
import { RedisRateLimitStorage } from './redis-rate-limit.storage';

const reflector = new Reflector();
const isStrictRoute = perRoute(
  (handler, controller) => reflector.getAllAndOverride<boolean>(STRICT_RATE_LIMIT, [handler, controller]) === true,
);

/** In memory by default; in Redis when REDIS_URL is set, so limits hold across replicas. */
export function createRateLimitStorage(config: ServiceConfig): ThrottlerStorage & { close(): unknown } {
  const { redisUrl } = config.rateLimit;
  return redisUrl
    ? RedisRateLimitStorage.connect(redisUrl, `ratelimit:${config.service.name}:`)
    : new MemoryRateLimitStorage();
}

export function rateLimitOptions(config: ServiceConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const { windowMs, max, authMax } = config.rateLimit;
  return {
    storage,
    throttlers: [
      { name: 'default', ttl: windowMs, limit: max },
      // Guessing passwords or tokens is limited per address even for a caller who holds a token.
      {
        name: 'strict',
        ttl: windowMs,
        limit: authMax,
        skipIf: (context) => !isStrictRoute(context),
        getTracker: (req) => `ip:${req.ip}`,
      },
    ],
  };
}

const STORAGE = Symbol('RATE_LIMIT_STORAGE');

@Injectable()
class StorageCloser implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: { close(): unknown }) {}
  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => rateLimitOptions(config, createRateLimitStorage(config)),
    }),
  ],
  providers: [
    { provide: STORAGE, inject: [getStorageToken()], useFactory: (storage: ThrottlerStorage) => storage },
    StorageCloser,
    RateLimitGuard,
  ],
  exports: [RateLimitGuard],
})
export class RateLimitModule {}
