import { Global, Module } from '@nestjs/common';
import { BcryptRunner, EventLoopBcryptRunner } from '../passwords/bcrypt-runner';
import { BcryptWorkerPool } from '../passwords/bcrypt-worker-pool';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccessTokenSigner } from '../tokens/access-token.signer';
import { UserSettings } from '../user-settings';
import { IdentityMetrics } from './identity-metrics';

/** What every identity feature uses: the settings, password hashing, token signing and the counters. */
@Global()
@Module({
  providers: [
    {
      provide: BcryptRunner,
      inject: [UserSettings],
      useFactory: (settings: UserSettings): BcryptRunner =>
        settings.bcryptWorkers > 0 ? new BcryptWorkerPool(settings.bcryptWorkers) : new EventLoopBcryptRunner(),
    },
    PasswordHasher,
    AccessTokenSigner,
    IdentityMetrics,
  ],
  exports: [BcryptRunner, PasswordHasher, AccessTokenSigner, IdentityMetrics],
})
export class IdentityCoreModule {}
