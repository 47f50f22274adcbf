import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type LoadedConfig, loadServiceConfig, type ServiceIdentity, type SettingsDefinition } from '@app/config';
import { createRootLogger, LoggingModule, PinoNestLogger, registerRequestLogging, requestIdFrom } from '@app/logging';
import { MetricsService, registerHttpMetrics } from '@app/metrics';
import { type DestinationStream } from 'pino';
import { registerCors } from './cors';
import { registerLoadShedding } from './load-shedding';
import { serveOpenApi } from './openapi';
import { registerSecurityHeaders } from './security-headers';

export const API_PREFIX = 'api/v1';

export interface ServiceDefinition<Settings extends object = object> {
  identity: ServiceIdentity;
  /** The settings only this service has (upstream URLs, limits...), injected by their class token. */
  settings?: SettingsDefinition<Settings>;
  /** Builds the root module from the validated configuration. */
  rootModule: (loaded: LoadedConfig<Settings>) => DynamicModule;
  /** Keeps each JSON body's bytes as `request.rawBody`, for signatures over them (payment webhooks). */
  rawBody?: boolean;
}

export interface CreateOptions {
  /** Defaults to process.env. */
  environment?: NodeJS.ProcessEnv;
  /** Where JSON logs go; defaults to asynchronous stdout. */
  logDestination?: DestinationStream;
}

/**
 * Builds a configured (not yet listening) application: the same HTTP stack for every service and for
 * tests. Fastify was chosen by measurement (docs/decisions/0001-http-adapter.md).
 */
export async function createServiceApp<Settings extends object>(
  definition: ServiceDefinition<Settings>,
  options: CreateOptions = {},
): Promise<NestFastifyApplication> {
  const loaded = loadServiceConfig(definition.identity, options.environment ?? process.env, definition.settings);
  const { config } = loaded;
  const logger = createRootLogger({
    service: definition.identity.name,
    level: config.app.logLevel,
    destination: options.logDestination,
  });
  const adapter = new FastifyAdapter({
    bodyLimit: config.app.bodyLimitBytes,
    // Trust exactly as many proxy hops as sit in front of us (the ALB, or the local edge), no more.
    trustProxy: (_address: string, hop: number) => hop < config.app.trustProxyHops,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) =>
      requestIdFrom(request.headers['x-request-id']),
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  });
  const root = definition.rootModule(loaded);
  root.imports = [...(root.imports ?? []), LoggingModule.forRoot(logger)];
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
    rawBody: definition.rawBody ?? false,
  });
  await registerSecurityHeaders(app);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/{*path}', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
      { path: 'internal/{*path}', method: RequestMethod.ALL },
      { path: '.well-known/{*path}', method: RequestMethod.ALL },
    ],
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestLogging(fastify, logger);
  registerCors(fastify, config.cors.allowedOrigins);
  // After the request id and CORS (a browser can read the 503 and its Retry-After; preflights never count),
  // before guards, validation and handlers.
  registerLoadShedding(fastify, config.app.maxInFlight, app.get(MetricsService).registry);
  registerHttpMetrics(fastify, app.get(MetricsService));
  serveOpenApi(app, definition.identity);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  return app;
}
