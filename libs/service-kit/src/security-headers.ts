import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';

type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

/**
 * The API answers JSON only: nothing may be loaded, framed or submitted on its behalf. Stated explicitly
 * (`useDefaults: false`) so a new helmet release cannot loosen it.
 */
const API_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
  },
};

/**
 * Swagger UI (`/docs/<service>`) is an HTML page: its own scripts, stylesheet and inline styles, and icons as
 * data: URIs, all from this origin. It is never framed either.
 */
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
  },
};

export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: API_CSP,
  // Browsers honour HSTS only over TLS (the ALB terminates it); over plain HTTP locally it is ignored.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/**
 * The headers helmet writes for `options`, found once by running its middleware against a response that records
 * them. They depend on the options only (no nonces, no per-request directives), so every response can get the
 * same set. `@fastify/helmet` instead built helmet's middleware again on every request, in two more onRequest
 * hooks (one async): about 15 to 20 of the 60 to 80 CPU-µs of a cached catalog read (docs/benchmarks.md).
 */
export function securityHeadersOf(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
  });
  return Object.freeze(headers);
}

/**
 * Security headers on every response (docs/security.md), errors and unknown paths included: helmet's headers for
 * SECURITY_HEADERS, computed once, set by one synchronous onRequest hook. Swagger UI (`/docs/<service>`) is an
 * HTML page and gets its own CSP that lets it load.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  const api = securityHeadersOf(SECURITY_HEADERS);
  const docs = securityHeadersOf({ ...SECURITY_HEADERS, contentSecurityPolicy: DOCS_CSP });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      void reply.headers(request.url.startsWith('/docs/') ? docs : api);
      done();
    });
}
