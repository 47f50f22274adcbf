import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  MongooseHealthIndicator,
  HealthCheckResult,
} from '@nestjs/terminus';
import { FastifyReply } from 'fastify';
import { Public } from '@app/auth';
import { SkipRateLimit } from '@app/rate-limit';
import { ReadinessChecks } from './readiness-checks';
import { ShutdownState } from './shutdown-state';

/**
 * Kubernetes probes. Liveness says only "the process serves HTTP"; readiness checks this service's own
 * database (and what ReadinessChecks lists, e.g. a consumer's broker) and never its upstreams, so one failing
 * service cannot take the others out of rotation.
 */
@ApiExcludeController()
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongoose: MongooseHealthIndicator,
    private readonly shutdown: ShutdownState,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessChecks,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | { status: string }> {
    if (this.shutdown.isDraining) {
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'shutting_down' };
    }
    try {
      const own = this.readiness.entries().map(([name, isReady]) => () => {
        const indicator = this.indicators.check(name);
        return isReady() ? indicator.up() : indicator.down();
      });
      return await this.health.check([() => this.mongoose.pingCheck('mongodb').withTimeout(1500), ...own]);
    } catch (error) {
      // Terminus reports a failed check as an exception carrying the standard health body.
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      const body = (error as { getResponse?: () => unknown }).getResponse?.();
      return (body as HealthCheckResult) ?? { status: 'error' };
    }
  }
}
