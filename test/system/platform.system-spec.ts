import { SERVICES } from '../../tools/edge/routes';
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

  it('routes by prefix like the Ingress and never routes internal, health or metrics paths', async () => {
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
    });
    expect(result.headers.get('x-request-id')).toBe('system-trace-1');
    expect(result.json).toMatchObject({ requestId: 'system-trace-1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(platform.services['order-service'].output.join('')).toContain('"requestId":"system-trace-1"');
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
    const edgeAnswer = await http(platform.edgeUrl, '/api/v1/cart');
    expect(edgeAnswer).toMatchObject({ status: 503, json: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect((await runSmokeChecks(platform.edgeUrl)).find((result) => result.name.startsWith('cart-service'))?.ok).toBe(
      false,
    );
    await cart.start();
    expect((await http(cart.url, '/health/ready')).status).toBe(200);
  });
});
