import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { AuthGuard, AuthModule } from '@app/auth';
import { LoadedConfig, ServiceConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { createValidationPipe, OperatorInjectionGuard, ProblemFilter } from '@app/errors';
import { HealthModule } from '@app/health';
import { HttpClientModule } from '@app/http-client';
import { MetricsModule } from '@app/metrics';
import { RateLimitGuard, RateLimitModule } from '@app/rate-limit';

/**
 * Everything the four services share, wired one way: configuration, database, metrics, health and
 * shutdown, authentication, rate limiting, upstream calls, validation and the problem+json error contract.
 * Guards run in the order given: the rate limit first, so floods of bad tokens are limited too; then
 * authentication; then the operator-injection check, before any pipe or handler. There is deliberately no
 * global interceptor: one would make Nest run every request through an RxJS pipeline (docs/benchmarks.md).
 */
@Module({})
export class ServiceCoreModule {
  static forRoot(loaded: LoadedConfig): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        ServiceConfigModule.forRoot(loaded),
        DatabaseModule,
        MetricsModule,
        HealthModule,
        AuthModule,
        RateLimitModule,
        HttpClientModule,
      ],
      providers: [
        { provide: APP_GUARD, useExisting: RateLimitGuard },
        { provide: APP_GUARD, useExisting: AuthGuard },
        { provide: APP_GUARD, useClass: OperatorInjectionGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
