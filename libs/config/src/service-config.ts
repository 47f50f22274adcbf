import { EnvReader } from './env-reader';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Who the running process is: fixed per app in code, never taken from the environment. */
export interface ServiceIdentity {
  /** e.g. `product-service`; used in logs, metrics, tracing and the OpenAPI path. */
  name: string;
  /** Database used when MONGODB_URI names none, e.g. `ecommerce_products`. */
  defaultDatabase: string;
  /** Human title for the OpenAPI document. */
  title: string;
  /**
   * The service calls others as itself (client credentials), so SERVICE_CLIENT_ID and its secret are required:
   * without them it would start, pass readiness and then answer 503 to every request that needs an upstream.
   */
  callsOtherServices?: boolean;
}

export interface MessagingConfig {
  /** amqp(s)://user:password@host:port/vhost; a secret (it carries the password). */
  url?: string;
  /** The topic exchange every event is published to. */
  exchange: string;
  /** Put before every consumer queue's name: lets test runs sharing one broker keep their queues apart. */
  queuePrefix: string;
  /** Unacknowledged messages a consumer holds at once. */
  prefetch: number;
  /** Deliveries of one message before it goes to its queue's dead-letter queue. */
  maxAttempts: number;
  /** The first retry waits this long; each next one twice as long. */
  retryBaseMs: number;
}

/**
 * SERVICE_MAX_IN_FLIGHT's default: about a second of work for one Node process on one core at the services'
 * measured costs (docs/benchmarks.md, "The shopper mix"); each chart may set its own.
 */
export const DEFAULT_MAX_IN_FLIGHT = 256;
/** SERVICE_MAX_IN_FLIGHT's upper bound: past a few thousand, a limit no longer protects anything. */
export const MAX_IN_FLIGHT_LIMIT = 10_000;

/** Settings every service shares, read once at start-up from environment variables. */
export class ServiceConfig {
  readonly service: ServiceIdentity;
  readonly app: {
    env: 'production' | 'development' | 'test';
    host: string;
    port: number;
    logLevel: LogLevel;
    /** Trusted proxy hops in front of the service (1 behind the ALB or the local edge). */
    trustProxyHops: number;
    shutdownDrainMs: number;
    bodyLimitBytes: number;
    /**
     * Most API requests this process works on at once; more are answered 503 SERVICE_OVERLOADED with Retry-After
     * at once (libs/service-kit load-shedding.ts) rather than queued until their clients time out. 0: no limit.
     */
    maxInFlight: number;
  };
  readonly database: {
    uri: string;
    dbName: string;
    maxPoolSize: number;
    serverSelectionTimeoutMs: number;
    socketTimeoutMs: number;
  };
  readonly auth: { publicKey: string; issuer: string; audience: string };
  readonly rateLimit: { windowMs: number; max: number; authMax: number; serviceMax: number; redisUrl?: string };
  readonly tracing: { otlpEndpoint?: string; serviceName: string };
  /** Browser origins allowed to call the API cross-origin; empty = no CORS headers at all. */
  readonly cors: { allowedOrigins: string[] };
  /** Calls to other services: per-attempt timeout, retries (idempotent calls only) and circuit breaker. */
  readonly http: { timeoutMs: number; retries: number; breakerResetMs: number; breakerErrorPercent: number };
  /** The event bus (libs/messaging): off when AMQP_URL is absent; publishers then keep events in their outbox. */
  readonly messaging: MessagingConfig;
  /** This service's OAuth2 client credentials at user-service, when it calls others as itself. */
  readonly serviceClient?: { id: string; secret: string; tokenUrl: string };

  constructor(service: ServiceIdentity, env: EnvReader) {
    this.service = service;
    this.app = {
      env: env.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'production'),
      host: env.string('HOST', '0.0.0.0'),
      port: env.int('PORT', { default: 3000, min: 0, max: 65535 }),
      logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
      trustProxyHops: env.int('TRUST_PROXY', { default: 0, min: 0, max: 5 }),
      shutdownDrainMs: env.int('SHUTDOWN_DRAIN_MS', { default: 10_000, min: 0, max: 120_000 }),
      bodyLimitBytes: env.int('BODY_LIMIT_BYTES', { default: 100_000, min: 1_000, max: 10_000_000 }),
      maxInFlight: env.int('SERVICE_MAX_IN_FLIGHT', {
        default: DEFAULT_MAX_IN_FLIGHT,
        min: 0,
        max: MAX_IN_FLIGHT_LIMIT,
      }),
    };
    this.database = {
      uri: env.url('MONGODB_URI', ['mongodb:', 'mongodb+srv:']),
      dbName: env.string('MONGODB_DB_NAME', service.defaultDatabase),
      maxPoolSize: env.int('MONGODB_MAX_POOL_SIZE', { default: 20, min: 1, max: 500 }),
      serverSelectionTimeoutMs: env.int('MONGODB_SERVER_SELECTION_TIMEOUT_MS', { default: 5_000, min: 100 }),
      socketTimeoutMs: env.int('MONGODB_SOCKET_TIMEOUT_MS', { default: 30_000, min: 1_000 }),
    };
    this.auth = {
      publicKey: env.pem('JWT_PUBLIC_KEY', true) ?? '',
      issuer: env.string('JWT_ISSUER', 'ecommerce-user-service'),
      audience: env.string('JWT_AUDIENCE', 'ecommerce-api'),
    };
    this.rateLimit = {
      windowMs: env.int('RATE_LIMIT_WINDOW_MS', { default: 60_000, min: 1_000 }),
      max: env.int('RATE_LIMIT_MAX', { default: 300, min: 1 }),
      authMax: env.int('RATE_LIMIT_AUTH_MAX', { default: 10, min: 1 }),
      // One service token carries many shoppers' traffic (each limited where they enter): high, but not unlimited.
      serviceMax: env.int('RATE_LIMIT_SERVICE_MAX', { default: 6_000, min: 1 }),
      redisUrl: env.optionalUrl('REDIS_URL', ['redis:', 'rediss:']),
    };
    this.tracing = {
      otlpEndpoint: env.optionalUrl('OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: env.string('OTEL_SERVICE_NAME', service.name),
    };
    this.cors = { allowedOrigins: env.origins('CORS_ALLOWED_ORIGINS') };
    this.http = {
      timeoutMs: env.int('HTTP_TIMEOUT_MS', { default: 2_000, min: 50, max: 60_000 }),
      retries: env.int('HTTP_RETRIES', { default: 2, min: 0, max: 5 }),
      breakerResetMs: env.int('BREAKER_RESET_TIMEOUT_MS', { default: 10_000, min: 500, max: 300_000 }),
      breakerErrorPercent: env.int('BREAKER_ERROR_THRESHOLD_PERCENT', { default: 50, min: 1, max: 100 }),
    };
    this.messaging = {
      url: env.optionalUrl('AMQP_URL', ['amqp:', 'amqps:']),
      exchange: env.string('AMQP_EXCHANGE', 'ecommerce.events'),
      queuePrefix: env.string('AMQP_QUEUE_PREFIX', ''),
      prefetch: env.int('AMQP_PREFETCH', { default: 10, min: 1, max: 1_000 }),
      maxAttempts: env.int('AMQP_MAX_ATTEMPTS', { default: 5, min: 1, max: 20 }),
      retryBaseMs: env.int('AMQP_RETRY_BASE_MS', { default: 1_000, min: 10, max: 600_000 }),
    };
    // A caller reads all three even when the id is missing, so one start-up failure names every missing one.
    if (service.callsOtherServices || env.optionalString('SERVICE_CLIENT_ID')) {
      const userServiceUrl = env.url('USER_SERVICE_URL', ['http:', 'https:']);
      this.serviceClient = {
        id: env.string('SERVICE_CLIENT_ID'),
        secret: env.string('SERVICE_CLIENT_SECRET'),
        tokenUrl: `${userServiceUrl.replace(/\/$/, '')}/internal/v1/auth/token`,
      };
    }
  }
}

/**
 * A service's own settings: `token` is an abstract class that states the typed fields and is the injection
 * token (consumers inject it by type, like ServiceConfig), `read` fills it from the environment.
 */
export interface SettingsDefinition<Settings extends object> {
  token: abstract new () => Settings;
  read: (env: EnvReader) => Settings;
}

/** The validated configuration a service starts with: the shared part and its own settings. */
export interface LoadedConfig<Settings extends object = object> {
  config: ServiceConfig;
  settings?: { token: abstract new () => Settings; value: Settings };
}

/**
 * Reads the shared settings plus the service's own, failing once with every invalid variable named: the
 * service's reader receives the same EnvReader so its problems are reported together with the shared ones.
 */
export function loadServiceConfig<Settings extends object>(
  service: ServiceIdentity,
  environment: NodeJS.ProcessEnv,
  settings?: SettingsDefinition<Settings>,
): LoadedConfig<Settings> {
  const env = new EnvReader(environment);
  const config = new ServiceConfig(service, env);
  const value = settings?.read(env);
  env.assertValid();
  return settings && value ? { config, settings: { token: settings.token, value } } : { config };
}
