import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { ShutdownState } from './shutdown-state';

/**
 * On SIGTERM: fail readiness, keep serving for SHUTDOWN_DRAIN_MS while endpoints are removed from the load
 * balancer, then let Nest close the HTTP server (which waits for in-flight requests) and, after it, the
 * database connection (Mongoose closes on application shutdown, which runs after this hook).
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(
    private readonly state: ShutdownState,
    private readonly config: ServiceConfig,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.state.startDraining();
    if (!signal) return; // app.close() from code or tests: nothing to drain for
    const drainMs = this.config.app.shutdownDrainMs;
    this.logger.log({ msg: 'draining before shutdown', signal, drainMs });
    await new Promise((resolve) => setTimeout(resolve, drainMs));
  }
}
