import { Module } from '@nestjs/common';
import { UserSettings } from '../user-settings';
import { BcryptRunner, EventLoopBcryptRunner } from './bcrypt-runner';
import { BcryptWorkerPool } from './bcrypt-worker-pool';
import { PasswordHasher } from './password-hasher';

/** Password hashing at BCRYPT_COST, on BCRYPT_WORKERS worker threads (or the event loop when 0), BCRYPT_QUEUE_MAX jobs at most. */
@Module({
  providers: [
    {
      provide: BcryptRunner,
      inject: [UserSettings],
      useFactory: (settings: UserSettings): BcryptRunner =>
        settings.bcryptWorkers > 0
          ? new BcryptWorkerPool(settings.bcryptWorkers, settings.bcryptQueueMax)
          : new EventLoopBcryptRunner(),
    },
    PasswordHasher,
  ],
  exports: [PasswordHasher],
})
export class PasswordsModule {}
