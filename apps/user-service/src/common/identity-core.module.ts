import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BcryptRunner, EventLoopBcryptRunner } from '../passwords/bcrypt-runner';
import { BcryptWorkerPool } from '../passwords/bcrypt-worker-pool';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccessTokenSigner } from '../tokens/access-token.signer';
import { UserSettings } from '../user-settings';
import { IdentityMetrics } from './identity-metrics';

/** What every identity feature uses: the settings, password hashing, token signing and the counters. */
@Global()
@Module({})
export class IdentityCoreModule {
  static register(settings: UserSettings): DynamicModule {
    const runner = {
      provide: BcryptRunner,
      useFactory: (): BcryptRunner =>
        settings.bcryptWorkers > 0 ? new BcryptWorkerPool(settings.bcryptWorkers) : new EventLoopBcryptRunner(),
    };
    const providers = [
      runner,
      { provide: UserSettings, useValue: settings },
      PasswordHasher,
      AccessTokenSigner,
      IdentityMetrics,
    ];
    return { module: IdentityCoreModule, providers, exports: providers };
  }
}
