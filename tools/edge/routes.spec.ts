import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECURITY_HEADERS, securityHeadersOf } from '../../libs/service-kit/src/security-headers';
import { edgePolicyOf, loadEdgePolicy } from './gateway-values';
import { matchRoute, routeFor, SERVICES } from './routes';

const API_DOCS = join(__dirname, '..', '..', 'docs', 'api');
const { routes } = loadEdgePolicy();

interface OpenApi {
  paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
}

const documentOf = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as OpenApi;
/** A documented path with its parameters filled in, as a request would carry it. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '65b000000000000000000001');

describe('the declared route table (helm/gateway/values.yaml)', () => {
  it('routes every declared match, for each of its methods, to its service with its protection', () => {
    for (const route of routes)
      for (const method of route.methods)
        for (const path of route.match === 'Exact' ? [route.path] : [route.path, `${route.path}/x/y?page=2`])
          expect({ method, path, route: matchRoute(routes, path, method) }).toEqual({ method, path, route });
  });

  it('covers every public operation the services document, as public or protected as documented', () => {
    for (const service of SERVICES) {
      const document = documentOf(join(API_DOCS, `${service.name}.openapi.json`));
      for (const [path, operations] of Object.entries(document.paths))
        for (const [method, operation] of Object.entries(operations)) {
          const needsToken = (operation.security ?? []).some((requirement) => 'bearer' in requirement);
          const route = matchRoute(routes, concrete(path), method.toUpperCase());
          expect({ method, path, service: route?.service, protected: route?.protected }).toEqual({
            method,
            path,
            service: service.name,
            protected: needsToken,
          });
        }
    }
  });

  it('routes none of the internal operations, nor probes or metrics', () => {
    const internal = readdirSync(join(API_DOCS, 'internal')).flatMap((file) =>
      Object.entries(documentOf(join(API_DOCS, 'internal', file)).paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => ({ path: concrete(path), method: method.toUpperCase() })),
      ),
    );
    expect(internal.length).toBeGreaterThan(0);
    for (const { path, method } of internal)
      expect({ path, route: matchRoute(routes, path, method) }).toEqual({ path });
    for (const path of ['/health/ready', '/health/live', '/metrics', '/', '/api/v2/products', '/docs'])
      expect(routeFor(path)).toBeUndefined();
  });
});

describe('matchRoute (Gateway API semantics)', () => {
  it('matches prefixes at segment boundaries only, and exact paths exactly', () => {
    expect(routeFor('/api/v1/products/abc?x=1', 'GET')).toBe('product-service');
    expect(routeFor('/api/v1/productsx', 'GET')).toBeUndefined();
    expect(routeFor('/api/v1/auth/login', 'POST')).toBe('user-service');
    expect(routeFor('/api/v1/auth/login/x', 'POST')).toBeUndefined();
    expect(routeFor('/.well-known/jwks.json', 'GET')).toBe('user-service');
    expect(routeFor('/api/v1/payments/stripe/webhook', 'POST')).toBe('order-service');
    expect(routeFor('/docs/order-service/openapi.json', 'GET')).toBe('order-service');
  });

  it('needs a method the route lists, and without a method answers for any', () => {
    expect(routeFor('/api/v1/auth/login', 'GET')).toBeUndefined();
    expect(routeFor('/api/v1/cart', 'PUT')).toBeUndefined();
    expect(routeFor('/api/v1/products', 'OPTIONS')).toBeUndefined();
    expect(routeFor('/api/v1/auth/login')).toBe('user-service');
  });

  it('prefers an Exact match, then the longest prefix', () => {
    const table = edgePolicyOf({
      routes: [
        { service: 'product-service', public: [{ methods: ['GET'], match: 'PathPrefix', path: '/a' }] },
        { service: 'cart-service', protected: [{ methods: ['GET'], match: 'PathPrefix', path: '/a/b' }] },
        { service: 'user-service', public: [{ methods: ['GET'], match: 'Exact', path: '/a/b/c' }] },
      ],
    }).routes;
    expect(matchRoute(table, '/a/x', 'GET')?.service).toBe('product-service');
    expect(matchRoute(table, '/a/b/x', 'GET')).toMatchObject({ service: 'cart-service', protected: true });
    expect(matchRoute(table, '/a/b/c', 'GET')).toMatchObject({ service: 'user-service', protected: false });
  });
});

describe('edgePolicyOf', () => {
  const route = { methods: ['GET'], match: 'PathPrefix', path: '/api/v1/x' };
  const table = (entry: Record<string, unknown>) => ({ routes: [{ service: 'cart-service', public: [entry] }] });

  it("stops at a table the chart's schema refuses, saying where, why and what it got", () => {
    expect(() => edgePolicyOf({ routes: [] }, 'values.yaml')).toThrow(
      'values.yaml: routes must NOT have fewer than 1 items, got []',
    );
    expect(() => edgePolicyOf({ routes: [{ service: 'mail-service' }] })).toThrow(
      'routes[0].service must be equal to one of the allowed values (product-service, user-service, cart-service, order-service), got "mail-service"',
    );
    expect(() => edgePolicyOf(table({ ...route, match: 'RegularExpression' }))).toThrow(
      'routes[0].public[0].match must be equal to one of the allowed values (Exact, PathPrefix), got "RegularExpression"',
    );
    expect(() => edgePolicyOf(table({ ...route, methods: ['FETCH'] }))).toThrow('routes[0].public[0].methods[0]');
    expect(() => edgePolicyOf(table({ ...route, path: 'api/v1/x' }))).toThrow('routes[0].public[0].path must match');
    expect(() => edgePolicyOf(table({ ...route, extra: 1 }))).toThrow(
      'routes[0].public[0] must NOT have additional properties (extra)',
    );
    expect(() =>
      edgePolicyOf({ ...table(route), rateLimit: { perClientIp: { requests: 0, unit: 'Second' } } }),
    ).toThrow('rateLimit.perClientIp.requests must be >= 1, got 0');
    expect(() => edgePolicyOf({ ...table(route), cors: { allowedOrigins: ['*'] } })).toThrow('cors.allowedOrigins[0]');
    expect(() => edgePolicyOf({ ...table(route), securityHeaders: { 'x-a': 'one\r\ntwo' } })).toThrow(
      'securityHeaders.x-a must match',
    );
    expect(() => edgePolicyOf({ ...table(route), securityHeaders: ['x'] })).toThrow('securityHeaders must be object');
    expect(() => edgePolicyOf({ ...table(route), cors: 'on' })).toThrow('cors must be object, got "on"');
    expect(() => edgePolicyOf({ ...table(route), cors: { maxAgeSeconds: -1 } })).toThrow('cors.maxAgeSeconds');
    expect(() => edgePolicyOf({ ...table(route), rateLimit: { perClientIp: 50 } })).toThrow('rateLimit.perClientIp');
    expect(() => edgePolicyOf({ ...table(route), rateLimit: { perClientIp: { unit: 'Day' } } })).toThrow(
      'rateLimit.perClientIp.unit must be equal to one of the allowed values (Second, Minute, Hour), got "Day"',
    );
    expect(() => edgePolicyOf({ ...table(route), jwt: { jwks: { path: 'jwks.json' } } })).toThrow('jwt.jwks.path');
    expect(() => edgePolicyOf('routes')).toThrow('must be a YAML map');
  });

  it('refuses to route service-to-service, probe or metrics paths, which the schema alone allows', () => {
    for (const path of ['/internal/v1/stock', '/metrics', '/health/ready', '/'])
      expect(() => edgePolicyOf(table({ ...route, path }))).toThrow(
        `routes[0].public[0].path must never be public: ${path}`,
      );
    expect(() =>
      edgePolicyOf({ routes: [{ service: 'cart-service', protected: [route, { ...route, path: '/internal' }] }] }),
    ).toThrow('routes[0].protected[1].path must never be public: /internal');
  });

  it("takes a file's limits, origins and headers, and the chart's defaults for what it leaves out", () => {
    const stated = edgePolicyOf({
      ...table(route),
      rateLimit: { perClientIp: { requests: 7, unit: 'Minute' } },
      cors: { allowedOrigins: ['https://shop.example.com'], maxAgeSeconds: 60 },
      securityHeaders: { 'X-Frame-Options': 'DENY' },
    });
    expect(stated).toMatchObject({
      rateLimit: { requests: 7, unit: 'Minute' },
      cors: { allowedOrigins: ['https://shop.example.com'], maxAgeSeconds: 60 },
      securityHeaders: { 'x-frame-options': 'DENY' },
    });
    const defaults = edgePolicyOf(table(route));
    expect(defaults).toMatchObject({
      rateLimit: { requests: 50, unit: 'Second' },
      cors: { allowedOrigins: [], maxAgeSeconds: 600 },
      jwksPath: '/.well-known/jwks.json',
    });
    expect(defaults.securityHeaders).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
  });

  it("sets the services' own security headers (libs/service-kit) except their per-page Content-Security-Policy", () => {
    const services = { ...securityHeadersOf(SECURITY_HEADERS) };
    delete services['content-security-policy'];
    expect(loadEdgePolicy().securityHeaders).toEqual(services);
  });
});
