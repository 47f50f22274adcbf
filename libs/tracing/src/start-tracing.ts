import { dropCallerTraceHeaders } from './propagation-headers';

/**
 * The span attribute holding a request's `x-request-id` (server spans of the services and of the edge): set by
 * libs/logging where the service has settled the id (the caller's when safe, else one it minted).
 */
export const REQUEST_ID_ATTRIBUTE = 'app.request_id';
/** The span attribute holding the order a request or message is about. */
export const ORDER_ID_ATTRIBUTE = 'app.order_id';

export interface TracingHandle {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry (HTTP server/client, fetch and MongoDB spans, OTLP over HTTP) when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it nothing is loaded at all, so tracing costs nothing.
 * Must run before the HTTP and MongoDB modules are first required, i.e. first thing in main.ts.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): TracingHandle | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily so that disabled tracing loads nothing */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { MongoDBInstrumentation } =
    require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb');
  const { UndiciInstrumentation } =
    require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME?.trim() || serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)/.test(request.url ?? ''),
      }),
      // Calls between services go through fetch (libs/http-client), which the HTTP instrumentation does not see.
      new UndiciInstrumentation({ requestHook: (_span, request) => dropCallerTraceHeaders(request) }),
      new MongoDBInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
