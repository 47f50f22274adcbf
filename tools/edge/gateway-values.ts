import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SECURITY_HEADERS, securityHeadersOf } from '../../libs/service-kit/src/security-headers';
import { SERVICES, type ServiceName } from './routes';

/** The declared table and edge settings, in the gateway chart's values (the cluster gateway renders the same). */
export const GATEWAY_VALUES_FILE = join(__dirname, '..', '..', 'helm', 'gateway', 'values.yaml');

export type RouteMatch = 'Exact' | 'PathPrefix';

export interface DeclaredRoute {
  service: ServiceName;
  methods: readonly string[];
  match: RouteMatch;
  path: string;
  /** Needs a valid access token from user-service, checked at the edge before the service sees the request. */
  protected: boolean;
}

export type RateLimitUnit = 'Second' | 'Minute' | 'Hour';

export interface EdgePolicy {
  routes: readonly DeclaredRoute[];
  /** Requests per unit per client address; absent: no limit at the edge. */
  rateLimit?: { requests: number; unit: RateLimitUnit };
  /** Exact browser origins allowed cross-origin; empty: no CORS headers at all (and no preflight answers). */
  cors: { allowedOrigins: readonly string[]; maxAgeSeconds: number };
  /** Set on every answer that does not carry the header already (a service's own, e.g. Swagger UI's CSP, wins). */
  securityHeaders: Readonly<Record<string, string>>;
  /** Where user-service serves its JWKS (the path on its port). */
  jwksPath: string;
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** Never public, whatever the table says: service-to-service API, probes and metrics. */
const NEVER_ROUTED = ['/internal', '/health', '/metrics'];
const UNITS: readonly RateLimitUnit[] = ['Second', 'Minute', 'Hour'];
/** The chart's defaults (helm/gateway/values.yaml), used while the file does not state them. */
export const DEFAULT_RATE_LIMIT = { requests: 50, unit: 'Second' as RateLimitUnit };
const DEFAULT_CORS_MAX_AGE_SECONDS = 600;
const DEFAULT_JWKS_PATH = '/.well-known/jwks.json';

class GatewayValuesError extends Error {
  constructor(file: string, where: string, problem: string) {
    super(`${file}: ${where} ${problem}`);
    this.name = 'GatewayValuesError';
  }
}

type Check = (where: string, problem: string) => never;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads and checks the gateway chart's values once; a malformed table stops the edge with where and why. */
export function loadEdgePolicy(file = GATEWAY_VALUES_FILE): EdgePolicy {
  return edgePolicyOf(parse(readFileSync(file, 'utf8')) as unknown, file);
}

export function edgePolicyOf(values: unknown, file = 'gateway values'): EdgePolicy {
  const fail: Check = (where, problem) => {
    throw new GatewayValuesError(file, where, problem);
  };
  if (!isRecord(values)) fail('the file', 'must be a YAML map');
  const root = values as Record<string, unknown>;
  return {
    routes: routesOf(root.routes, fail),
    rateLimit: rateLimitOf(root.rateLimit, fail),
    cors: corsOf(root.cors, fail),
    securityHeaders: securityHeadersOfValues(root.securityHeaders, fail),
    jwksPath: jwksPathOf(root.jwt, fail),
  };
}

function routesOf(value: unknown, fail: Check): DeclaredRoute[] {
  if (!Array.isArray(value) || value.length === 0) fail('routes', 'must be a non-empty list of services');
  const names = SERVICES.map((service) => service.name) as string[];
  return (value as unknown[]).flatMap((entry, index) => {
    const where = `routes[${index}]`;
    if (!isRecord(entry)) return fail(where, 'must be a map with service, public and protected');
    if (typeof entry.service !== 'string' || !names.includes(entry.service))
      fail(`${where}.service`, `must be one of ${names.join(', ')}, got ${JSON.stringify(entry.service)}`);
    const service = entry.service as ServiceName;
    return (['public', 'protected'] as const).flatMap((kind) => {
      const list = entry[kind] ?? [];
      if (!Array.isArray(list)) return fail(`${where}.${kind}`, 'must be a list of matches');
      return list.map((match: unknown, position) =>
        routeOf(match, `${where}.${kind}[${position}]`, service, kind === 'protected', fail),
      );
    });
  });
}

function routeOf(value: unknown, where: string, service: ServiceName, isProtected: boolean, fail: Check) {
  if (!isRecord(value)) return fail(where, 'must be a map with methods, match and path');
  const { methods, match, path } = value;
  if (!Array.isArray(methods) || methods.length === 0 || methods.some((method) => !METHODS.includes(method as string)))
    fail(`${where}.methods`, `must be a non-empty list of ${METHODS.join(', ')}, got ${JSON.stringify(methods)}`);
  if (match !== 'Exact' && match !== 'PathPrefix')
    fail(`${where}.match`, `must be Exact or PathPrefix, got ${JSON.stringify(match)}`);
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~/-]*$/.test(path) || (path.length > 1 && path.endsWith('/')))
    fail(`${where}.path`, `must be an absolute path without query or trailing slash, got ${JSON.stringify(path)}`);
  const routedPath = path as string;
  if (NEVER_ROUTED.some((prefix) => routedPath === prefix || routedPath.startsWith(`${prefix}/`)) || path === '/')
    fail(`${where}.path`, `must never be public: ${routedPath}`);
  return {
    service,
    methods: methods as string[],
    match: match as RouteMatch,
    path: routedPath,
    protected: isProtected,
  };
}

function rateLimitOf(value: unknown, fail: Check): EdgePolicy['rateLimit'] {
  const perClientIp = isRecord(value) ? value.perClientIp : undefined;
  if (perClientIp === undefined) return DEFAULT_RATE_LIMIT;
  if (!isRecord(perClientIp)) return fail('rateLimit.perClientIp', 'must be a map with requests and unit');
  const requests = perClientIp.requests ?? DEFAULT_RATE_LIMIT.requests;
  const unit = perClientIp.unit ?? DEFAULT_RATE_LIMIT.unit;
  if (!Number.isInteger(requests) || (requests as number) < 1)
    fail('rateLimit.perClientIp.requests', `must be a positive integer, got ${JSON.stringify(requests)}`);
  if (!UNITS.includes(unit as RateLimitUnit))
    fail('rateLimit.perClientIp.unit', `must be one of ${UNITS.join(', ')}, got ${JSON.stringify(unit)}`);
  return { requests: requests as number, unit: unit as RateLimitUnit };
}

function corsOf(value: unknown, fail: Check): EdgePolicy['cors'] {
  if (value === undefined) return { allowedOrigins: [], maxAgeSeconds: DEFAULT_CORS_MAX_AGE_SECONDS };
  if (!isRecord(value)) return fail('cors', 'must be a map with allowedOrigins and maxAgeSeconds');
  const origins = value.allowedOrigins ?? [];
  if (!Array.isArray(origins)) return fail('cors.allowedOrigins', 'must be a list of origins');
  for (const origin of origins)
    if (typeof origin !== 'string' || !/^https?:\/\/[^/?#*\s]+$/.test(origin))
      fail('cors.allowedOrigins', `must list origins like https://shop.example.com, got ${JSON.stringify(origin)}`);
  const maxAge = value.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || (maxAge as number) < 0)
    fail('cors.maxAgeSeconds', `must be a whole number of seconds, got ${JSON.stringify(maxAge)}`);
  return { allowedOrigins: origins as string[], maxAgeSeconds: maxAge as number };
}

/** The chart's headers; until it states them, the ones every service sends (libs/service-kit). */
function securityHeadersOfValues(value: unknown, fail: Check): Record<string, string> {
  if (value === undefined) return { ...securityHeadersOf(SECURITY_HEADERS) };
  if (!isRecord(value)) return fail('securityHeaders', 'must be a map of header name to value');
  return Object.fromEntries(
    Object.entries(value).map(([name, header]) => {
      if (!/^[A-Za-z0-9-]+$/.test(name) || typeof header !== 'string' || /[\r\n]/.test(header))
        fail(`securityHeaders.${name}`, 'must be a header name with a one-line string value');
      return [name.toLowerCase(), header as string];
    }),
  );
}

function jwksPathOf(value: unknown, fail: Check): string {
  const jwks = isRecord(value) && isRecord(value.jwks) ? value.jwks : {};
  const path = jwks.path ?? DEFAULT_JWKS_PATH;
  if (typeof path !== 'string' || !path.startsWith('/')) fail('jwt.jwks.path', `must be a path, got ${String(path)}`);
  return path as string;
}
