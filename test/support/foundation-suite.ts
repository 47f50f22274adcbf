import { type ServiceDefinition } from '@app/service-kit';
import { foreignKeys, signTestToken, unsignedToken } from './keys';
import { eventually, http } from './http';
import { ProbeModule } from './probe.module';
import { TcpProxy } from './tcp-proxy';
import { startTestService, type TestService } from './test-service';

const PROBLEM = 'application/problem+json';
const ALLOWED_ORIGIN = 'https://shop.example.com';

function corsHeadersOf(headers: Headers): Record<string, string> {
  return Object.fromEntries([...headers].filter(([name]) => name.startsWith('access-control-')));
}

/** The service plus a probe module exercising the shared HTTP stack from inside the real app. */
function withProbe<Extra extends object>(definition: ServiceDefinition<Extra>): ServiceDefinition<Extra> {
  return {
    ...definition,
    rootModule: (loaded) => {
      const root = definition.rootModule(loaded);
      return { ...root, imports: [...(root.imports ?? []), ProbeModule] };
    },
  };
}

function expectProblem(
  result: { status: number; headers: Headers; json: Record<string, unknown> },
  status: number,
  code: string,
): void {
  expect({ status: result.status, code: result.json.code }).toEqual({ status, code });
  expect(result.headers.get('content-type')).toContain(PROBLEM);
  expect(result.json).toMatchObject({
    status,
    title: expect.any(String),
    detail: expect.any(String),
    type: expect.stringContaining('urn:'),
  });
  expect(result.json.requestId).toBe(result.headers.get('x-request-id'));
  expect(JSON.stringify(result.json)).not.toMatch(/at .*\.(ts|js):\d+|Mongo(Server)?Error|stack/);
}

/**
 * What every service proves at the foundation stage: probes, metrics, OpenAPI, the problem+json contract for
 * bad input, the 401 matrix for tokens, rate limiting, request ids and redacted logs.
 */
export function describeFoundation<Extra extends object>(
  definition: ServiceDefinition<Extra>,
  extraEnv: Record<string, string> = {},
): void {
  const name = definition.identity.name;

  describe(`${name}: shared HTTP stack`, () => {
    let service: TestService;
    const token = signTestToken();

    beforeAll(async () => {
      service = await startTestService(withProbe(definition), {
        RATE_LIMIT_MAX: '1000',
        CORS_ALLOWED_ORIGINS: `${ALLOWED_ORIGIN},http://localhost:5173`,
        ...extraEnv,
      });
    });
    afterAll(async () => service.close());

    it('answers liveness and readiness with 200 when its database is up', async () => {
      expect((await http(service.baseUrl, '/health/live')).status).toBe(200);
      const ready = await http(service.baseUrl, '/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.json).toMatchObject({ status: 'ok', info: { mongodb: { status: 'up' } } });
    });

    it('serves Prometheus metrics with request durations by route and process metrics', async () => {
      await http(service.baseUrl, '/api/v1/probe/public');
      const metrics = await http(service.baseUrl, '/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toContain('text/plain');
      expect(metrics.text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/probe\/public",status_code="200"\} [1-9]/,
      );
      expect(metrics.text).toContain('process_cpu_seconds_total');
    });

    it('serves its OpenAPI document and UI under its own docs path', async () => {
      const doc = await http(service.baseUrl, `/docs/${name}/openapi.json`);
      expect(doc.status).toBe(200);
      expect(doc.json).toMatchObject({
        openapi: expect.stringMatching(/^3\./),
        info: { title: definition.identity.title },
      });
      const ui = await http(service.baseUrl, `/docs/${name}`);
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });

    it('echoes a safe x-request-id and mints one when missing or unsafe', async () => {
      const kept = await http(service.baseUrl, '/api/v1/probe/public', { headers: { 'x-request-id': 'abc-123' } });
      expect(kept.headers.get('x-request-id')).toBe('abc-123');
      const minted = await http(service.baseUrl, '/api/v1/probe/public', {
        headers: { 'x-request-id': 'bad id\twith spaces' },
      });
      expect(minted.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers an allowed origin with CORS headers naming exactly that origin, on errors too', async () => {
      const ok = await http(service.baseUrl, '/api/v1/probe/public', { headers: { origin: ALLOWED_ORIGIN } });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      expect(ok.headers.get('access-control-expose-headers')).toContain('retry-after');
      expect(ok.headers.get('vary')).toMatch(/\bOrigin\b/i);
      const unauthorized = await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        json: { name: 'x', quantity: 1 },
        headers: { origin: ALLOWED_ORIGIN },
      });
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    });

    it('sends no CORS headers to an origin that is not allowed, nor without an Origin', async () => {
      for (const origin of ['https://evil.example.com', 'https://shop.example.com.evil.example', 'null']) {
        const result = await http(service.baseUrl, '/api/v1/probe/public', { headers: { origin } });
        expect(result.status).toBe(200);
        expect(corsHeadersOf(result.headers)).toEqual({});
      }
      expect(corsHeadersOf((await http(service.baseUrl, '/api/v1/probe/public')).headers)).toEqual({});
    });

    it('answers a preflight from an allowed origin with 204 and the allowed methods and headers', async () => {
      const preflight = (origin: string) =>
        http(service.baseUrl, '/api/v1/probe', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight('http://localhost:5173');
      expect(allowed.status).toBe(204);
      expect(corsHeadersOf(allowed.headers)).toEqual({
        'access-control-allow-origin': 'http://localhost:5173',
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': 'authorization, content-type, idempotency-key, if-match, x-request-id',
        'access-control-max-age': '600',
      });
      const refused = await preflight('https://evil.example.com');
      expect(refused.status).not.toBe(204);
      expect(corsHeadersOf(refused.headers)).toEqual({});
    });

    it('answers an unknown route with a 404 problem', async () => {
      expectProblem(await http(service.baseUrl, '/api/v1/no-such-thing', { token }), 404, 'NOT_FOUND');
    });

    it('rejects a malformed JSON body with a 400 problem', async () => {
      const result = await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        token,
        headers: { 'content-type': 'application/json' },
        body: '{"name": "x",',
      });
      expectProblem(result, 400, 'MALFORMED_JSON');
    });

    it('rejects unknown fields and invalid values with errors[] naming each field', async () => {
      const result = await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        token,
        json: { name: 'x', quantity: -1, role: 'admin' },
      });
      expectProblem(result, 400, 'VALIDATION_FAILED');
      const fields = (result.json.errors as { field: string }[]).map((error) => error.field).sort();
      expect(fields).toEqual(['quantity', 'role']);
    });

    it('accepts a valid body and passes the authenticated user to the handler', async () => {
      const result = await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        token: signTestToken({ sub: 'user-42' }),
        json: { name: 'x', quantity: 2 },
      });
      expect(result.status).toBe(201);
      expect(result.json).toEqual({ name: 'x', quantity: 2, userId: 'user-42' });
    });

    it('rejects query operators in bodies and query strings', async () => {
      expectProblem(
        await http(service.baseUrl, '/api/v1/probe', {
          method: 'POST',
          token,
          json: { name: { $ne: null }, quantity: 1 },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await http(service.baseUrl, '/api/v1/probe/public?category[$ne]=x'), 400, 'VALIDATION_FAILED');
      expectProblem(await http(service.baseUrl, '/api/v1/probe/public?$where=1'), 400, 'VALIDATION_FAILED');
    });

    it('rejects a malformed ObjectId with a 400 problem', async () => {
      expectProblem(await http(service.baseUrl, '/api/v1/probe/not-an-id'), 400, 'VALIDATION_FAILED');
      expect((await http(service.baseUrl, '/api/v1/probe/65a0000000000000000000aa')).json).toEqual({
        id: '65a0000000000000000000aa',
      });
    });

    it('rejects an oversized body with a 413 problem', async () => {
      const result = await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        token,
        json: { name: 'x'.repeat(200_000), quantity: 1 },
      });
      expectProblem(result, 413, 'PAYLOAD_TOO_LARGE');
    });

    describe('access tokens', () => {
      const cases: [string, () => string | undefined, string][] = [
        ['missing', () => undefined, 'AUTHENTICATION_REQUIRED'],
        ['expired', () => signTestToken({ expiresInSeconds: -60 }), 'TOKEN_EXPIRED'],
        ['tampered', () => tamper(signTestToken()), 'TOKEN_INVALID'],
        ['signed with another key', () => signTestToken({ privateKey: foreignKeys.privateKey }), 'TOKEN_INVALID'],
        ['unsigned (alg: none)', () => unsignedToken(), 'TOKEN_INVALID'],
        ['for another audience', () => signTestToken({ audience: 'someone-else' }), 'TOKEN_INVALID'],
      ];
      it.each(cases)(
        'answers a %s token with 401 and a WWW-Authenticate challenge',
        async (_label, makeToken, code) => {
          const result = await http(service.baseUrl, '/api/v1/probe', {
            method: 'POST',
            token: makeToken(),
            json: { name: 'x', quantity: 1 },
          });
          expectProblem(result, 401, code);
          expect(result.headers.get('www-authenticate')).toMatch(/^Bearer realm="ecommerce"/);
          if (code !== 'AUTHENTICATION_REQUIRED')
            expect(result.headers.get('www-authenticate')).toContain('error="invalid_token"');
        },
      );

      it('answers a customer on an admin route with 403, and lets an admin through', async () => {
        expectProblem(await http(service.baseUrl, '/api/v1/probe/admin', { token }), 403, 'FORBIDDEN');
        expect(
          (await http(service.baseUrl, '/api/v1/probe/admin', { token: signTestToken({ roles: ['admin'] }) })).status,
        ).toBe(200);
      });
    });

    it('logs one JSON line per request with its request id, and never the credentials', async () => {
      const secretToken = signTestToken();
      await http(service.baseUrl, '/api/v1/probe', {
        method: 'POST',
        token: secretToken,
        headers: { 'x-request-id': 'log-check-1' },
        json: { name: 'x', quantity: 1 },
      });
      await eventually(async () => service.logs.some((line) => line.requestId === 'log-check-1'), 5_000, 50);
      const line = service.logs.find((entry) => entry.requestId === 'log-check-1' && entry.msg === 'request completed');
      expect(line).toMatchObject({ level: 'info', service: name, method: 'POST', route: '/api/v1/probe', status: 201 });
      expect(JSON.stringify(service.logs)).not.toContain(secretToken.split('.')[2]);
    });
  });

  describe(`${name}: rate limiting`, () => {
    let service: TestService;
    beforeAll(async () => {
      // Behind one trusted proxy, so each test can be a different client address.
      service = await startTestService(withProbe(definition), {
        RATE_LIMIT_MAX: '5',
        RATE_LIMIT_AUTH_MAX: '2',
        RATE_LIMIT_SERVICE_MAX: '8',
        TRUST_PROXY: '1',
        ...extraEnv,
      });
    });
    afterAll(async () => service.close());

    it('limits a client to RATE_LIMIT_MAX requests per window with standard headers, then 429 with Retry-After', async () => {
      const statuses: number[] = [];
      const client = { headers: { 'x-forwarded-for': '10.0.0.1' } };
      let last = await http(service.baseUrl, '/api/v1/probe/public', client);
      expect(last.headers.get('ratelimit-limit')).toBe('5');
      expect(last.headers.get('ratelimit-remaining')).toBe('4');
      statuses.push(last.status);
      for (let i = 0; i < 5; i += 1) {
        last = await http(service.baseUrl, '/api/v1/probe/public', client);
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expectProblem(last, 429, 'RATE_LIMITED');
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it("gives our own services' tokens the higher RATE_LIMIT_SERVICE_MAX, per client, and still bounds them", async () => {
      const call = (sub: string) =>
        http(service.baseUrl, '/api/v1/probe/public', {
          token: signTestToken({ sub, roles: ['service'] }),
          headers: { 'x-forwarded-for': '10.0.0.77' },
        });
      const statuses: number[] = [];
      for (let i = 0; i < 9; i += 1) statuses.push((await call('order-service')).status);
      // Past the shoppers' 5, up to the services' 8, then refused; another client has its own count.
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
      expect((await call('cart-service')).status).toBe(200);
    });

    it('counts an authenticated user separately from their address, and probes are never limited', async () => {
      const user = signTestToken({ sub: 'rate-user' });
      expect(
        (await http(service.baseUrl, '/api/v1/probe/admin', { token: user })).headers.get('ratelimit-remaining'),
      ).toBe('4');
      for (let i = 0; i < 10; i += 1) expect((await http(service.baseUrl, '/health/live')).status).toBe(200);
    });

    it('applies the stricter limit to login-style routes', async () => {
      const statuses = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push(
          (
            await http(service.baseUrl, '/api/v1/probe/login', {
              method: 'POST',
              headers: { 'x-forwarded-for': '10.9.9.9' },
            })
          ).status,
        );
      expect(statuses.slice(0, 2)).toEqual([201, 201]);
      expect(statuses[2]).toBe(429);
    });
  });

  describe(`${name}: database outage`, () => {
    let service: TestService;
    let proxy: TcpProxy;
    beforeAll(async () => {
      const uri = process.env.TEST_MONGODB_URI!;
      proxy = TcpProxy.forMongoUri(uri);
      await proxy.start();
      service = await startTestService(withProbe(definition), { MONGODB_URI: proxy.uriFor(uri), ...extraEnv });
    });
    afterAll(async () => {
      await service.close();
      await proxy.cut();
    });

    it('turns readiness to 503 while the database is unreachable and back to 200 when it returns', async () => {
      expect((await http(service.baseUrl, '/health/ready')).status).toBe(200);
      await proxy.cut();
      await eventually(async () => (await http(service.baseUrl, '/health/ready')).status === 503);
      expect((await http(service.baseUrl, '/health/live')).status).toBe(200);
      await proxy.start();
      await eventually(async () => (await http(service.baseUrl, '/health/ready')).status === 200, 30_000);
      // The test's own limit must exceed its waits (15 s for the outage to show, 30 s for the recovery): the
      // driver rediscovers the server on its next heartbeat, which a loaded machine delays.
    }, 60_000);
  });
}

function tamper(token: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  claims.roles = ['admin'];
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
