import fastifyHelmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';

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

export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: API_CSP,
  // Browsers honour HSTS only over TLS (the ALB terminates it); over plain HTTP locally it is ignored.
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

const isDocsRoute = (url: string): boolean => url.startsWith('/docs/');

/**
 * Security headers on every response through @fastify/helmet (docs/security.md). Registered before any route
 * exists: helmet reads per-route options as routes are added, and this service's Swagger UI routes get their own
 * CSP that lets the page load.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      if (isDocsRoute(route.url)) route.helmet = { contentSecurityPolicy: DOCS_CSP };
    });
  await app.register(fastifyHelmet, SECURITY_HEADERS);
}
