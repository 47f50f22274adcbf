import { enterRequestContext } from '@app/request-context';
import { type FastifyInstance } from 'fastify';
import { type Logger } from 'pino';

const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * Gives every request its context (request id, trace headers, caller credentials for forwarding), echoes
 * the request id in the response, and logs one line per completed request. Probes and scrapes are not
 * logged: they would drown the rest.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    enterRequestContext({
      requestId: String(request.id),
      traceparent: header('traceparent'),
      tracestate: header('tracestate'),
      authorization: header('authorization'),
    });
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!QUIET_PATHS.test(request.url)) {
      const level = reply.statusCode >= 500 ? 'error' : 'info';
      logger[level](
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
