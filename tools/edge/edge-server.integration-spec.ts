import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import jwt from 'jsonwebtoken';
import { jwkThumbprint } from '../../libs/auth/src/jwk-thumbprint';
import { createEdge, type EdgeOptions } from './edge-server';
import { edgePolicyOf, type EdgePolicy, loadEdgePolicy } from './gateway-values';

const AUTH = { issuer: 'ecommerce-user-service', audience: 'ecommerce-api' };
const CHALLENGE = 'Bearer realm="ecommerce", error="invalid_token"';

/** A signing key of the fake user-service: its kid is the RFC 7638 thumbprint, as user-service's is. */
function signingKey(): { privateKey: KeyObject; kid: string; jwk: Record<string, unknown> } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = jwkThumbprint(publicKey);
  return { privateKey, kid, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

function tokenOf(
  key: { privateKey: KeyObject; kid: string },
  claims: { audience?: string; expiresIn?: number; issuer?: string } = {},
): string {
  return jwt.sign({ roles: ['customer'] }, key.privateKey, {
    algorithm: 'ES256',
    keyid: key.kid,
    subject: '65a000000000000000000001',
    issuer: claims.issuer ?? AUTH.issuer,
    audience: claims.audience ?? AUTH.audience,
    expiresIn: claims.expiresIn ?? 300,
  });
}

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
const close = (server: Server) => new Promise((resolve) => server.close(resolve));

/** A service that counts what reaches it and answers with the path (or misbehaves, on the paths that say so). */
function fakeService() {
  const state = { requests: 0, headers: {} as IncomingHttpHeaders };
  const server = createServer((request, response) => {
    state.requests += 1;
    state.headers = request.headers;
    if (request.url?.startsWith('/api/v1/products/broken')) {
      // Starts answering (status and headers go out), then dies or stalls half-way through the body.
      response.writeHead(200, { 'content-type': 'application/json' }).write('{"partial":');
      if (request.url.endsWith('dies')) setTimeout(() => request.socket.destroy(), 50);
      return;
    }
    if (request.url === '/api/v1/products/silent') return;
    const headers: Record<string, string> = { 'content-type': 'application/json', vary: 'Accept-Encoding' };
    if (request.url?.startsWith('/docs/')) headers['content-security-policy'] = "default-src 'self'";
    response.writeHead(200, headers).end(JSON.stringify({ path: request.url }));
  });
  return { server, state };
}

/** user-service's JWKS endpoint, counting fetches; `keys` is what it serves now, `down` makes it answer 503. */
function fakeJwks(initial: Record<string, unknown>[]) {
  const state = { fetches: 0, keys: initial, down: false };
  const server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') return void response.writeHead(404).end();
    state.fetches += 1;
    if (state.down) return void response.writeHead(503).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  return { server, state };
}

describe('edge server', () => {
  const key = signingKey();
  const service = fakeService();
  const jwks = fakeJwks([key.jwk]);
  const edges: Server[] = [];
  let servicePort: number;
  let jwksPort: number;

  /** An edge in front of the fake services, with the declared table unless the test gives another policy. */
  async function startEdge(overrides: Partial<EdgeOptions> = {}): Promise<string> {
    const edge = createEdge({
      port: 0,
      auth: AUTH,
      targets: {
        'product-service': { host: '127.0.0.1', port: servicePort },
        'cart-service': { host: '127.0.0.1', port: servicePort },
        'order-service': { host: '127.0.0.1', port: 1 },
        'user-service': { host: '127.0.0.1', port: jwksPort },
      },
      upstreamTimeoutMs: 300,
      rateLimitOverride: 'off',
      ...overrides,
    });
    edges.push(edge);
    return `http://127.0.0.1:${await listen(edge)}`;
  }

  beforeAll(async () => {
    [servicePort, jwksPort] = await Promise.all([listen(service.server), listen(jwks.server)]);
  });
  afterAll(async () => {
    await Promise.all(edges.map(close));
    await Promise.all([close(service.server), close(jwks.server)]);
  });

  describe('routing and forwarding', () => {
    let base: string;
    beforeAll(async () => (base = await startEdge()));

    it('forwards the unchanged path with the request id and X-Forwarded-For', async () => {
      const response = await fetch(`${base}/api/v1/products/1?q=x`, { headers: { 'x-request-id': 'edge-1' } });
      expect(await response.json()).toEqual({ path: '/api/v1/products/1?q=x' });
      expect(service.state.headers).toMatchObject({ 'x-request-id': 'edge-1', 'x-forwarded-for': '127.0.0.1' });
    });

    it('answers what the table does not route, or not for that method, with a 404 problem', async () => {
      const before = service.state.requests;
      for (const [method, path] of [
        ['GET', '/internal/v1/anything'],
        ['GET', '/health/ready'],
        ['GET', '/metrics'],
        ['PUT', '/api/v1/cart'],
        ['GET', '/api/v1/productsx'],
      ]) {
        const response = await fetch(`${base}${path}`, { method });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 404 });
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(await response.json()).toMatchObject({ code: 'NOT_FOUND', instance: path });
      }
      expect(service.state.requests).toBe(before);
    });

    it('answers a down service with a 503 problem', async () => {
      const down = await fetch(`${base}/api/v1/payments/stripe/webhook`, { method: 'POST', body: '{}' });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await down.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    });

    it('adds the client to an incoming X-Forwarded-For chain and gives a request without an id a new one', async () => {
      await fetch(`${base}/api/v1/products`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(service.state.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
      expect(service.state.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(service.state.headers['x-forwarded-proto']).toBe('http');
    });

    it('cuts the client off when the service dies or stalls after it started answering, instead of a half body', async () => {
      for (const path of ['/api/v1/products/broken-dies', '/api/v1/products/broken-stalls']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status).toBe(200);
        await expect(response.text()).rejects.toThrow();
      }
    });

    it('answers a 503 problem when the service accepts the request but never answers', async () => {
      const response = await fetch(`${base}/api/v1/products/silent`, { headers: { 'x-request-id': 'edge-2' } });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        code: 'UPSTREAM_UNAVAILABLE',
        detail: 'product-service is not answering.',
        requestId: 'edge-2',
      });
    });

    it("sets the security headers on every answer, its own and the services', keeping a service's own", async () => {
      const expected = loadEdgePolicy().securityHeaders;
      expect(Object.keys(expected).length).toBeGreaterThan(3);
      for (const path of ['/api/v1/products', '/internal/v1/x', '/api/v1/cart']) {
        const response = await fetch(`${base}${path}`);
        for (const [name, value] of Object.entries(expected))
          expect({ path, name, value: response.headers.get(name) }).toEqual({ path, name, value });
      }
      const docs = await fetch(`${base}/docs/product-service`);
      expect(docs.headers.get('content-security-policy')).toBe("default-src 'self'");
      expect(docs.headers.get('x-frame-options')).toBe(expected['x-frame-options']);
    });
  });

  describe('the access token on protected routes', () => {
    let base: string;
    beforeAll(async () => (base = await startEdge({ auth: { ...AUTH, unknownKeyRefetchMs: 60_000 } })));

    const getCart = (authorization?: string) =>
      fetch(`${base}/api/v1/cart`, { headers: authorization ? { authorization } : {} });

    it.each([
      ['no token', undefined, 'AUTHENTICATION_REQUIRED', 'Bearer realm="ecommerce"'],
      ['another scheme', 'Basic dXNlcjpwYXNz', 'TOKEN_INVALID', CHALLENGE],
      ['a malformed token', 'Bearer not-a-token', 'TOKEN_INVALID', CHALLENGE],
      [
        'a token signed by another key',
        `Bearer ${tokenOf({ ...signingKey(), kid: key.kid })}`,
        'TOKEN_INVALID',
        CHALLENGE,
      ],
      ['an expired token', `Bearer ${tokenOf(key, { expiresIn: -60 })}`, 'TOKEN_EXPIRED', CHALLENGE],
      ['another audience', `Bearer ${tokenOf(key, { audience: 'other-api' })}`, 'TOKEN_INVALID', CHALLENGE],
      ['another issuer', `Bearer ${tokenOf(key, { issuer: 'evil' })}`, 'TOKEN_INVALID', CHALLENGE],
    ])('refuses %s with a 401 problem that never reaches the service', async (_, authorization, code, challenge) => {
      const before = service.state.requests;
      const response = await getCart(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain(challenge);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 401, code, instance: '/api/v1/cart' });
      expect(service.state.requests).toBe(before);
    });

    it('forwards a valid token untouched, and a public route without one', async () => {
      const token = tokenOf(key);
      const response = await getCart(`Bearer ${token}`);
      expect(response.status).toBe(200);
      expect(service.state.headers.authorization).toBe(`Bearer ${token}`);
      const publicRead = await fetch(`${base}/api/v1/products`, { headers: { authorization: 'Bearer not-checked' } });
      expect(publicRead.status).toBe(200);
      expect(service.state.headers.authorization).toBe('Bearer not-checked');
    });

    it('fetches the keys again once for a key id it does not know, then not before the interval', async () => {
      const rotated = signingKey();
      jwks.state.keys = [rotated.jwk, key.jwk];
      const before = jwks.state.fetches;
      expect((await getCart(`Bearer ${tokenOf(rotated)}`)).status).toBe(200);
      expect(jwks.state.fetches).toBe(before + 1);
      const unknown = tokenOf({ ...signingKey(), kid: 'made-up-key-id' });
      for (let attempt = 0; attempt < 3; attempt += 1) expect((await getCart(`Bearer ${unknown}`)).status).toBe(401);
      expect(jwks.state.fetches).toBe(before + 1);
    });
  });

  describe('when the keys cannot be had', () => {
    it('answers 503 with Retry-After and lets nothing through; fetches again once the keys are too old', async () => {
      const base = await startEdge({ auth: { ...AUTH, maxAgeMs: 100 } });
      jwks.state.keys = [key.jwk];
      jwks.state.down = true;
      const before = service.state.requests;
      const refused = await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${tokenOf(key)}` } });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(await refused.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
      expect(service.state.requests).toBe(before);

      jwks.state.down = false;
      const fetches = jwks.state.fetches;
      expect(
        (await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${tokenOf(key)}` } })).status,
      ).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 150));
      await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${tokenOf(key)}` } });
      expect(jwks.state.fetches).toBe(fetches + 2);
    });

    it('verifies RS256 tokens against an RSA key of the set too', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = jwkThumbprint(publicKey);
      jwks.state.keys = [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256' }];
      const base = await startEdge();
      const token = jwt.sign({ roles: ['customer'] }, privateKey, {
        algorithm: 'RS256',
        keyid: kid,
        subject: '65a000000000000000000001',
        issuer: AUTH.issuer,
        audience: AUTH.audience,
        expiresIn: 300,
      });
      expect((await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      jwks.state.keys = [key.jwk];
    });

    it('answers 503 for an empty key set', async () => {
      const base = await startEdge();
      jwks.state.keys = [];
      const response = await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${tokenOf(key)}` } });
      expect(response.status).toBe(503);
      jwks.state.keys = [key.jwk];
    });

    it('refuses a JWKS that serves a private key', async () => {
      const base = await startEdge();
      jwks.state.keys = [generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })];
      const response = await fetch(`${base}/api/v1/cart`, { headers: { authorization: `Bearer ${tokenOf(key)}` } });
      expect(response.status).toBe(503);
      jwks.state.keys = [key.jwk];
    });
  });

  describe('the per-client-address rate limit', () => {
    it('answers 429 with Retry-After and RateLimit headers after the limit, counting only admitted requests', async () => {
      const policy: EdgePolicy = { ...loadEdgePolicy(), rateLimit: { requests: 3, unit: 'Minute' } };
      const base = await startEdge({ policy, rateLimitOverride: undefined });
      // Refused before the limit (unrouted, no token) as in the gateway, where the limit is the last filter.
      expect((await fetch(`${base}/metrics`)).status).toBe(404);
      expect((await fetch(`${base}/api/v1/cart`)).status).toBe(401);
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1) statuses.push((await fetch(`${base}/api/v1/products`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${base}/api/v1/products`);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(limited.headers.get('ratelimit-limit')).toBe('3');
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
      expect(await limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    });

    it('takes EDGE_RATE_LIMIT over the chart: a number of requests, or off', async () => {
      const policy: EdgePolicy = { ...loadEdgePolicy(), rateLimit: { requests: 1, unit: 'Minute' } };
      const twice = await startEdge({ policy, rateLimitOverride: '2' });
      const statuses = [];
      for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await fetch(`${twice}/api/v1/products`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const unlimited = await startEdge({ policy, rateLimitOverride: 'off' });
      for (let attempt = 0; attempt < 3; attempt += 1)
        expect((await fetch(`${unlimited}/api/v1/products`)).status).toBe(200);
      expect(() => createEdge({ port: 0, auth: AUTH, policy, rateLimitOverride: 'lots' })).toThrow('EDGE_RATE_LIMIT');
    });
  });

  describe('CORS', () => {
    const origin = 'https://shop.example.com';
    let base: string;
    beforeAll(async () => {
      const policy = edgePolicyOf({
        routes: [
          { service: 'cart-service', protected: [{ methods: ['GET'], match: 'PathPrefix', path: '/api/v1/cart' }] },
        ],
        cors: { allowedOrigins: [origin], maxAgeSeconds: 120 },
      });
      base = await startEdge({ policy });
    });

    it('answers an allowed preflight itself, without a token and without reaching the service', async () => {
      const before = service.state.requests;
      const response = await fetch(`${base}/api/v1/cart`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-allow-methods')).toContain('GET');
      expect(response.headers.get('access-control-allow-headers')).toContain('authorization');
      expect(response.headers.get('access-control-max-age')).toBe('120');
      expect(response.headers.get('vary')).toBe('Origin');
      expect(service.state.requests).toBe(before);
    });

    it('gives another origin no CORS headers, and never two Access-Control-Allow-Origin', async () => {
      const preflight = await fetch(`${base}/api/v1/cart`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const refused = await fetch(`${base}/api/v1/cart`, { headers: { origin } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
      expect(refused.headers.get('access-control-expose-headers')).toContain('retry-after');
      const answered = await fetch(`${base}/api/v1/cart`, {
        headers: { origin, authorization: `Bearer ${tokenOf(key)}` },
      });
      expect(answered.status).toBe(200);
      expect(answered.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answered.headers.get('vary')).toBe('Accept-Encoding, Origin');
    });
  });
});
