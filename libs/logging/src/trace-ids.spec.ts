import { context, propagation, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { type FastifyInstance } from 'fastify';
import { Writable } from 'node:stream';
import { createRootLogger } from './create-logger';
import { requestIdFrom } from './request-id';
import { registerRequestLogging } from './request-logging';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, stream };
}

describe('log lines and traces', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('carry no trace fields when tracing is off', () => {
    const { lines, stream } = capture();
    createRootLogger({ service: 'order-service', level: 'info', destination: stream }).info('placed');
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[0]).not.toHaveProperty('span_id');
  });

  it('carry the trace and span they were written in, so a line leads to its trace', async () => {
    // A registered provider, as the OpenTelemetry SDK in a service with OTEL_EXPORTER_OTLP_ENDPOINT set.
    new node.NodeTracerProvider().register();
    const { lines, stream } = capture();
    const logger = createRootLogger({ service: 'order-service', level: 'info', destination: stream });
    const tracer = trace.getTracer('test');
    const ids = await tracer.startActiveSpan('POST', async (request) => {
      // Across an await, as in a handler: the line still belongs to the request's span.
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('order placed');
      const inner = tracer.startActiveSpan('mongodb.insert', (query) => {
        logger.info('stored');
        query.end();
        return query.spanContext();
      });
      request.end();
      return { request: request.spanContext(), inner };
    });
    logger.info('after the request');

    expect(lines[0]).toMatchObject({ trace_id: ids.request.traceId, span_id: ids.request.spanId });
    expect(lines[1]).toMatchObject({ trace_id: ids.request.traceId, span_id: ids.inner.spanId });
    expect(lines[0].trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(lines[2]).not.toHaveProperty('trace_id');
  });
});

describe('request spans', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('carry the request id the service settled on, so a trace is found by the id a client quotes', () => {
    new node.NodeTracerProvider().register();
    // The hooks as Fastify would run them, without a server: the onRequest hook is what sets the attribute.
    const hooks: Record<string, (request: unknown, reply: unknown, done: () => void) => void> = {};
    const fastify = { addHook: (name: string, hook: (typeof hooks)[string]) => (hooks[name] = hook) };
    registerRequestLogging(fastify as unknown as FastifyInstance, createRootLogger({ service: 's', level: 'silent' }));
    const reply = { header: () => reply };
    // The HTTP instrumentation makes the SERVER span active around the whole request; here a span does the same.
    const attributes = trace.getTracer('test').startActiveSpan('GET', (span) => {
      hooks.onRequest({ id: requestIdFrom('a b'), headers: {} }, reply, () => undefined);
      span.end();
      return (span as unknown as { attributes: Record<string, unknown> }).attributes;
    });
    // An unsafe id was replaced; the span has the replacement that the logs and the answer carry.
    expect(attributes['app.request_id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
