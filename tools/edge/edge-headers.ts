import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { EdgePolicy } from './gateway-values';

/** What the services' CORS (libs/service-kit/src/cors.ts) allows and exposes: the edge answers alike. */
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key, if-match, x-request-id';
const EXPOSED_HEADERS =
  'etag, location, retry-after, ratelimit-limit, ratelimit-remaining, ratelimit-reset, x-request-id';
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-credentials',
];

export const isPreflight = (request: { method?: string; headers: IncomingHttpHeaders }): boolean =>
  request.method === 'OPTIONS' &&
  request.headers.origin !== undefined &&
  request.headers['access-control-request-method'] !== undefined;

/**
 * The headers the edge adds to an answer (its own or a service's): security headers the answer lacks (a
 * service's own, such as Swagger UI's looser CSP, win), and CORS when the chart allows origins. With CORS on,
 * any CORS header of the service is replaced, so a browser never sees two Access-Control-Allow-Origin; with it
 * off, the service's answer passes unchanged.
 */
export function edgeHeadersFor(
  policy: Pick<EdgePolicy, 'cors' | 'securityHeaders'>,
  origin: string | undefined,
  answer: OutgoingHttpHeaders = {},
): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { ...answer };
  for (const [name, value] of Object.entries(policy.securityHeaders))
    if (headers[name] === undefined) headers[name] = value;
  const { allowedOrigins } = policy.cors;
  if (allowedOrigins.length === 0 || origin === undefined) return headers;
  for (const name of CORS_HEADERS) delete headers[name];
  headers.vary = varyWithOrigin(headers.vary);
  if (!allowedOrigins.includes(origin)) return headers;
  headers['access-control-allow-origin'] = origin;
  headers['access-control-expose-headers'] = EXPOSED_HEADERS;
  return headers;
}

/** The preflight's answer (204) when CORS is on; undefined when the edge does not answer it itself. */
export function preflightHeaders(
  policy: Pick<EdgePolicy, 'cors' | 'securityHeaders'>,
  origin: string,
): OutgoingHttpHeaders | undefined {
  if (policy.cors.allowedOrigins.length === 0) return undefined;
  const headers = edgeHeadersFor(policy, origin);
  if (!policy.cors.allowedOrigins.includes(origin)) return headers;
  delete headers['access-control-expose-headers'];
  return {
    ...headers,
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': String(policy.cors.maxAgeSeconds),
  };
}

function varyWithOrigin(current: OutgoingHttpHeaders[string]): string {
  const values =
    current === undefined
      ? []
      : String(current)
          .split(',')
          .map((value) => value.trim())
          .filter(Boolean);
  return values.some((value) => value.toLowerCase() === 'origin')
    ? values.join(', ')
    : [...values, 'Origin'].join(', ');
}
