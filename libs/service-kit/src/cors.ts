import { type FastifyInstance, type FastifyReply } from 'fastify';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, if-match, x-request-id';
/** Response headers a browser script may read besides the CORS-safelisted ones. */
const EXPOSED_HEADERS =
  'etag, location, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, x-request-id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for an exact allow-list of browser origins (CORS_ALLOWED_ORIGINS). An allowed origin is echoed back
 * (never `*`, and no credentials: the API authenticates with bearer tokens, not cookies); any other origin
 * gets no CORS headers, so the browser blocks it. With an empty list nothing is added at all.
 */
export function registerCors(fastify: FastifyInstance, allowedOrigins: readonly string[]): void {
  if (allowedOrigins.length === 0) return;
  const allowed = new Set(allowedOrigins);
  fastify.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    // The answer depends on Origin, so caches must key on it whether or not this origin is allowed.
    addVaryOrigin(reply);
    if (!allowed.has(origin)) return;
    reply.header('access-control-allow-origin', origin);
    const isPreflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    if (!isPreflight) {
      reply.header('access-control-expose-headers', EXPOSED_HEADERS);
      return;
    }
    // Answered here: the preflight never reaches routing, auth or rate limiting. Returning the reply tells
    // Fastify the request is done.
    return reply
      .code(204)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS)
      .send();
  });
}

function addVaryOrigin(reply: FastifyReply): void {
  const current = reply.getHeader('vary');
  const values =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((value) => value.trim());
  if (!values.some((value) => value.toLowerCase() === 'origin')) reply.header('vary', [...values, 'Origin'].join(', '));
}
