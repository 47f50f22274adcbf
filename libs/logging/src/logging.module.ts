import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Logger } from 'pino';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Flushes buffered log lines when the application shuts down: after a SIGTERM Nest re-raises the signal,
 * and a process ended by a signal never emits 'exit', so lines still in the buffer would be lost.
 */
@Injectable()
class LogFlusher implements OnApplicationShutdown {
  constructor(@Inject(ROOT_LOGGER) private readonly logger: Logger) {}

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => this.logger.flush(() => resolve()));
  }
}

@Global()
@Module({})
export class LoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: LoggingModule,
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, LogFlusher],
      exports: [ROOT_LOGGER],
    };
  }
}
