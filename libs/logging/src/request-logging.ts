import { currentRequestContext, enterRequestContext } from '@app/request-context';
import { activeSpanIds, REQUEST_ID_ATTRIBUTE, setSpanAttributes } from '@app/tracing';
import { type FastifyInstance } from 'fastify';
import pino, { type DestinationStream, type Logger } from 'pino';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** The fields of the one line per request; all primitives, none of them secret. */
export interface AccessFields {
  requestId: string;
  method: string;
  /** The route template, never the raw URL. */
  route: string;
  status: number;
  durationMs: number;
}

const json = JSON.stringify;

/**
 * Writes the one line per request straight to the root logger's destination, in exactly the form pino gives a
 * line of `logger` (level label, ISO time, the logger's base fields, then what its mixin adds: request id, user
 * id and trace ids, then the fields, then `msg`), at the level pino would and only when that level is enabled.
 *
 * Why not through pino: the line has only these primitive fields, so there is nothing for pino's serialisers
 * and redaction to do, and going through them (child bindings, the mixin merged into the line object, the
 * generic serialiser, the redaction wrapper) was about 7 of the ~45 CPU-µs of a cached catalog read on Node 20
 * (tools/bench/stack-cost.ts, docs/benchmarks.md). Earlier, with the root logger's wildcard redaction, it was
 * 73 µs. Every other line still goes through pino with the full redaction.
 */
export function createAccessLine(logger: Logger): (fields: AccessFields) => void {
  const destination = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym];
  const bindings = json(logger.bindings()).slice(1, -1);
  const base = bindings === '' ? '' : `,${bindings}`;
  return (fields) => {
    const level = fields.status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const context = currentRequestContext();
    const span = activeSpanIds();
    destination.write(
      `{"level":"${level}","time":"${new Date().toISOString()}"${base},"requestId":${json(fields.requestId)}` +
        (context?.userId ? `,"userId":${json(context.userId)}` : '') +
        (span ? `,"trace_id":"${span.trace_id}","span_id":"${span.span_id}"` : '') +
        `,"method":${json(fields.method)},"route":${json(fields.route)},"status":${fields.status}` +
        `,"durationMs":${fields.durationMs},"msg":"request completed"}\n`,
    );
  };
}

/**
 * Gives every request its context (request id, trace headers, caller credentials for forwarding), echoes
 * the request id in the response, and logs one line per completed request. Probes and scrapes are not
 * logged: they would drown the rest.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const accessLine = createAccessLine(logger);
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = request.headers;
    enterRequestContext({
      requestId: String(request.id),
      traceparent: first(headers.traceparent),
      tracestate: first(headers.tracestate),
      authorization: first(headers.authorization),
    });
    void reply.header('x-request-id', request.id);
    // With tracing on, the request's SERVER span is active here: its trace can then be found by the request id.
    setSpanAttributes({ [REQUEST_ID_ATTRIBUTE]: String(request.id) });
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_PATHS.test(request.url)) {
      accessLine({
        requestId: String(request.id),
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      });
    }
    done();
  });
}
