import { enterRequestContext } from '@app/request-context';
import { REQUEST_ID_ATTRIBUTE, setSpanAttributes } from '@app/tracing';
import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';
import { REDACTED, SECRET_FIELDS } from './redaction';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/**
 * The logger for the one line per request. That line is built below from primitives only (request id, method,
 * route template, status, duration; the mixin adds the request id and user id), so it has no nested object a
 * secret could hide in, and redacting the secret field names at its top level covers all of it. The root
 * logger's redaction also looks at every key at depths 2 to 4 (`*.password`, `*.*.password`...), and pino runs
 * that wildcard redaction over each top-level value of every line: about 73 µs per line against 7 µs. CPU per
 * cached catalog read 296 -> 233 µs (tools/bench/stack-cost.ts, docs/benchmarks.md). Every other log line keeps
 * the full redaction.
 */
export function createAccessLogger(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [...SECRET_FIELDS], censor: REDACTED } });
}

/**
 * Gives every request its context (request id, trace headers, caller credentials for forwarding), echoes
 * the request id in the response, and logs one line per completed request. Probes and scrapes are not
 * logged: they would drown the rest.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const accessLogger = createAccessLogger(logger);
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
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      accessLogger[level](
        {
          requestId: request.id,
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: reply.statusCode,
          durationMs: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}
