import { readFileSync } from 'node:fs';
import { SERVICES } from '../../tools/edge/routes';
import { realKeyToken } from '../../tools/security/tokens';
import { runSmokeChecks, SMOKE_PATHS } from '../../tools/smoke/smoke-checks';
import { http } from '../support/http';
import { buildServices, type Platform, startPlatform } from '../../tools/platform/platform';

/** The four services as real processes behind the local edge, as `npm run dev` and the cluster run them. */
describe('the platform as a whole', () => {
  let platform: Platform;

  beforeAll(async () => {
    buildServices();
    platform = await startPlatform(process.env.TEST_MONGODB_URI!, { SHUTDOWN_DRAIN_MS: '1500' });
  }, 240_000);
  afterAll(async () => platform?.stop());

  /** A customer's access token signed with this run's key: the edge lets it through to protected routes. */
  const customerToken = () =>
    realKeyToken(
      {
        privateKeyPem: readFileSync(platform.secrets.privateKeyFile, 'utf8'),
        publicKeyPem: readFileSync(platform.secrets.publicKeyFile, 'utf8'),
        issuer: 'ecommerce-user-service',
        audience: 'ecommerce-api',
      },
      '65a000000000000000000001',
      ['customer'],
      'valid',
    );

  it('brings up four services whose readiness is 200', async () => {
    for (const service of Object.values(platform.services)) {
      const ready = await http(service.url, '/health/ready');
      expect({ service: service.name, status: ready.status }).toEqual({ service: service.name, status: 200 });
    }
  });

  it('serves every OpenAPI document through the edge without collisions', async () => {
    const titles = new Set<string>();
    for (const service of SERVICES) {
      const doc = await http(platform.edgeUrl, `/docs/${service.name}/openapi.json`);
      expect(doc.status).toBe(200);
      titles.add((doc.json.info as { title: string }).title);
    }
    expect(titles.size).toBe(4);
  });

  it("routes by the gateway's declared table and never routes internal, health or metrics paths", async () => {
    for (const path of ['/internal/v1/anything', '/health/ready', '/metrics']) {
      const result = await http(platform.edgeUrl, path);
      expect({ path, status: result.status, type: result.headers.get('content-type') }).toEqual({
        path,
        status: 404,
        type: 'application/problem+json',
      });
    }
  });

  it('carries one request id from the client through the edge into the service logs', async () => {
    const result = await http(platform.edgeUrl, '/api/v1/orders/not-there', {
      headers: { 'x-request-id': 'system-trace-1' },
      token: customerToken(),
    });
    expect(result.headers.get('x-request-id')).toBe('system-trace-1');
    expect(result.json).toMatchObject({ requestId: 'system-trace-1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.services['order-service'].output.join('')).toContain('"requestId":"system-trace-1"');
  });

  it("checks access tokens at the edge against user-service's JWKS before a protected service sees them", async () => {
    const refused = await http(platform.edgeUrl, '/api/v1/orders', { headers: { 'x-request-id': 'system-edge-401' } });
    expect(refused).toMatchObject({ status: 401, json: { code: 'AUTHENTICATION_REQUIRED' } });
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="ecommerce"');
    const admitted = await http(platform.edgeUrl, '/api/v1/orders', {
      headers: { 'x-request-id': 'system-edge-200' },
      token: customerToken(),
    });
    expect(admitted.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = platform.services['order-service'].output.join('');
    expect(logged).toContain('"requestId":"system-edge-200"');
    expect(logged).not.toContain('system-edge-401');
  });

  it('passes the deployment smoke checks through the edge', async () => {
    const results = await runSmokeChecks(platform.edgeUrl);
    expect(results.filter((result) => !result.ok)).toEqual([]);
    expect(results.map((result) => result.name)).toEqual(SMOKE_PATHS.map(({ service, path }) => `${service} ${path}`));
  });

  it('drains on SIGTERM: readiness turns 503 at once, in-flight requests finish, then the process exits cleanly', async () => {
    const cart = platform.services['cart-service'];
    const stopping = cart.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await http(cart.url, '/health/ready')).status).toBe(503);
    expect((await http(cart.url, '/health/live')).status).toBe(200);
    await stopping;
    expect(cart.output.join('')).toContain('draining before shutdown');
    // With a valid token: the edge answers a request without one itself (401), whether the service is up or not.
    const edgeAnswer = await http(platform.edgeUrl, '/api/v1/cart', { token: customerToken() });
    expect(edgeAnswer).toMatchObject({ status: 503, json: { code: 'UPSTREAM_UNAVAILABLE' } });
    await cart.start();
    expect((await http(cart.url, '/health/ready')).status).toBe(200);
  });
});
