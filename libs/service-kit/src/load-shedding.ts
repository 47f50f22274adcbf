import { DomainError, PROBLEM_CONTENT_TYPE, toProblem } from '@app/errors';
import { type FastifyInstance } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';

/** How long a shed client is asked to wait: about the time a second of queued work takes to drain. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/**
 * Requests never shed: the probes (an overloaded pod is alive, and still ready: taking it out of the Service
 * would push its load onto the others), the scrape, the JWKS, and the calls between services. Those are made on
 * behalf of a shopper's request another service has already admitted, so they are bounded by the callers' own
 * limits, and refusing one would waste the work already done for it (a reservation made, then the confirm
 * refused). Shedding happens where a request enters the system: the public API.
 */
const EXEMPT = /^\/(health|metrics|internal|\.well-known)(\/|\?|$)/;

/** Whether requests to this path (or URL) may be shed: the public API only (see EXEMPT). */
export const isSheddable = (url: string): boolean => !EXEMPT.test(url);

/** Nothing of the request was done: retrying it is safe, even for a request that is not idempotent. */
export class ServiceOverloadedError extends DomainError {
  constructor() {
    super(503, 'SERVICE_OVERLOADED', 'Service unavailable', {
      detail: 'The service is at its limit of requests in progress; nothing was done. Retry after the time given.',
      headers: { 'Retry-After': String(OVERLOADED_RETRY_AFTER_SECONDS) },
    });
  }
}

/**
 * Bounded load shedding (SERVICE_MAX_IN_FLIGHT): at most `maxInFlight` API requests are worked on at once by this
 * process; one more is answered 503 SERVICE_OVERLOADED with Retry-After before any guard, validation or handler
 * runs, instead of queueing behind the others until its client gives up (a timeout tells a client nothing, and
 * its request may still be worked on after it left). A request holds its place until its response is sent or its
 * connection closes. 0 turns it off. `registry` gets `http_requests_in_flight` and `http_requests_shed_total`.
 */
export function registerLoadShedding(fastify: FastifyInstance, maxInFlight: number, registry?: Registry): void {
  if (maxInFlight <= 0) return;
  let inFlight = 0;
  const release = () => {
    inFlight -= 1;
  };
  const shed = registry
    ? new Counter({
        name: 'http_requests_shed_total',
        help: 'API requests answered 503 SERVICE_OVERLOADED because SERVICE_MAX_IN_FLIGHT were in progress.',
        registers: [registry],
      })
    : undefined;
  if (registry)
    new Gauge({
      name: 'http_requests_in_flight',
      help: 'API requests in progress in this process (those SERVICE_MAX_IN_FLIGHT counts).',
      registers: [registry],
      collect() {
        this.set(inFlight);
      },
    });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isSheddable(request.url)) return done();
    if (inFlight >= maxInFlight) {
      shed?.inc();
      // Not through sendProblem: that logs every 5xx with its stack, and a flood of those is the last thing an
      // overloaded process needs. The access line and the shed counter record it.
      const { problem, headers } = toProblem(new ServiceOverloadedError(), {
        requestId: String(request.id),
        path: request.url.split('?')[0],
        method: request.method,
      });
      void reply
        .status(503)
        .headers(headers)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem));
      return;
    }
    inFlight += 1;
    reply.raw.once('close', release);
    done();
  });
}
