import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { GracefulShutdown } from './graceful-shutdown';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness-checks';
import { ShutdownState } from './shutdown-state';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [ShutdownState, GracefulShutdown, ReadinessChecks],
  exports: [ShutdownState, ReadinessChecks],
})
export class HealthModule {}
