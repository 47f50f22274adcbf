import type { Context, Span, Tracer } from '@opentelemetry/api';
import type { IncomingMessage } from 'node:http';
import type { DeclaredRoute } from './gateway-values';

/** One shopper request through the edge: the root (SERVER) span and the proxied call (its CLIENT child). */
export interface EdgeRequestTrace {
  /** Starts the call to the service (the CLIENT span) and gives its `traceparent` (and `tracestate`): the
   * service's spans become the call's children. Never called when the edge answers itself (404, 401, 429...). */
  callUpstream(): Record<string, string>;
  /** W3C `traceresponse` for the shopper's answer: the trace id to open in the trace UI. */
  readonly traceresponse: string;
  /** The service answered (or failed to: status undefined); ends the CLIENT span. */
  upstreamDone(status: number | undefined): void;
  /** The shopper's answer is complete or was cut off; ends the SERVER span. */
  finish(status: number): void;
}

export interface EdgeTracing {
  start(request: IncomingMessage, requestId: string, route: DeclaredRoute | undefined): EdgeRequestTrace;
  /** Exports what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

/**
 * Tracing for the local edge when OTEL_EXPORTER_OTLP_ENDPOINT is set (undefined, and nothing loaded, otherwise).
 * The edge runs inside other processes (npm run dev, the test platform in Jest), so it has a tracer provider of
 * its own, with service.name `edge`, and is never registered globally: it neither takes over nor is taken over by
 * whatever else that process traces. Contexts are passed explicitly, so no context manager is needed either.
 */
export function createEdgeTracing(env: NodeJS.ProcessEnv = process.env): EdgeTracing | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily so that an edge without tracing loads nothing */
  const api = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  const { core, resources, tracing } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { FetchSpanExporter } = require('./fetch-span-exporter') as typeof import('./fetch-span-exporter');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const delay = Number(env.OTEL_BSP_SCHEDULE_DELAY);
  const provider = new tracing.BasicTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': 'edge' }),
    spanProcessors: [
      new tracing.BatchSpanProcessor(
        new FetchSpanExporter(`${endpoint.replace(/\/$/, '')}/v1/traces`),
        // Read from the given env (the process's own may lack it when the edge runs inside a test runner).
        Number.isFinite(delay) && delay > 0 ? { scheduledDelayMillis: delay } : {},
      ),
    ],
  });
  const tracer = provider.getTracer('edge');
  const propagator = new core.W3CTraceContextPropagator();
  return {
    start: (request, requestId, route) => startRequest({ api, tracer, propagator }, request, requestId, route),
    shutdown: () => provider.shutdown(),
  };
}

interface Deps {
  api: typeof import('@opentelemetry/api');
  tracer: Tracer;
  propagator: import('@opentelemetry/api').TextMapPropagator;
}

function startRequest(
  { api, tracer, propagator }: Deps,
  request: IncomingMessage,
  requestId: string,
  route: DeclaredRoute | undefined,
): EdgeRequestTrace {
  // A caller that already traces (a browser, a test client) makes the edge's span part of its trace.
  const parent: Context = propagator.extract(api.ROOT_CONTEXT, request.headers, api.defaultTextMapGetter);
  const method = request.method ?? 'GET';
  // Named by the declared route's path, not the request's: ids in paths would make every span name unique.
  const server: Span = tracer.startSpan(
    route ? `${method} ${route.path}` : method,
    {
      kind: api.SpanKind.SERVER,
      attributes: {
        'http.request.method': method,
        'url.path': request.url!.split('?')[0],
        'app.request_id': requestId,
        ...(route ? { 'http.route': route.match === 'Exact' ? route.path : `${route.path}/*` } : {}),
      },
    },
    parent,
  );
  const serverContext = api.trace.setSpan(parent, server);
  let client: Span | undefined;
  const callUpstream = () => {
    const headers: Record<string, string> = {};
    if (!route) return headers;
    client = tracer.startSpan(
      `${method} ${route.service}`,
      { kind: api.SpanKind.CLIENT, attributes: { 'http.request.method': method, 'peer.service': route.service } },
      serverContext,
    );
    propagator.inject(api.trace.setSpan(serverContext, client), headers, api.defaultTextMapSetter);
    return headers;
  };
  const { traceId, spanId, traceFlags } = server.spanContext();
  let clientOpen = true;
  const upstreamDone = (status: number | undefined) => {
    if (!client || !clientOpen) return;
    clientOpen = false;
    if (status !== undefined) client.setAttribute('http.response.status_code', status);
    // A client span fails on any error answer, or on no answer at all (OpenTelemetry's HTTP conventions).
    if (status === undefined || status >= 400) client.setStatus({ code: api.SpanStatusCode.ERROR });
    client.end();
  };
  return {
    callUpstream,
    traceresponse: `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`,
    upstreamDone,
    finish: (status) => {
      upstreamDone(undefined);
      server.setAttribute('http.response.status_code', status);
      // A server span fails only on a 5xx: a 4xx is the client's mistake, not the edge's.
      if (status >= 500) server.setStatus({ code: api.SpanStatusCode.ERROR });
      server.end();
    },
  };
}
