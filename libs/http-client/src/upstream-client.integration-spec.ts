import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { UpstreamUnavailableError } from '@app/errors';
import { MetricsService } from '@app/metrics';
import { runWithRequestContext } from '@app/request-context';
import { UpstreamClient, type UpstreamSettings } from './upstream-client';
import { UpstreamResponseError } from './upstream-errors';
import { UpstreamMetrics } from './upstream-metrics';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A real upstream on a local port whose behaviour each test scripts. */
async function upstream(handler: Handler): Promise<{ url: string; server: Server; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server, seen };
}

const json =
  (status: number, body: unknown): Handler =>
  (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };

describe('UpstreamClient', () => {
  const servers: Server[] = [];
  const clients: UpstreamClient[] = [];
  let metrics: MetricsService;

  function client(url: string, overrides: Partial<UpstreamSettings> = {}): UpstreamClient {
    const settings = {
      name: 'product-service',
      baseUrl: url,
      timeoutMs: 200,
      retries: 2,
      breakerResetMs: 300,
      breakerErrorPercent: 50,
      ...overrides,
    };
    const created = new UpstreamClient(settings, new UpstreamMetrics(metrics), async () => 'service-token');
    clients.push(created);
    return created;
  }

  beforeEach(() => (metrics = new MetricsService()));
  afterEach(async () => {
    clients.splice(0).forEach((each) => each.shutdown());
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  it('propagates the request id, trace context and the caller credentials', async () => {
    const target = await upstream(json(200, { ok: true }));
    servers.push(target.server);
    const context = {
      requestId: 'req-9',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      authorization: 'Bearer shopper',
    };
    const result = await runWithRequestContext(context, () =>
      client(target.url).request({ method: 'GET', path: '/api/v1/cart', credentials: 'forward' }),
    );
    expect(result).toEqual({ status: 200, body: { ok: true } });
    expect(target.seen[0].headers).toMatchObject({
      'x-request-id': 'req-9',
      traceparent: context.traceparent,
      authorization: 'Bearer shopper',
    });
  });

  it('sends its own service token when asked to call as itself', async () => {
    const target = await upstream(json(200, {}));
    servers.push(target.server);
    await client(target.url).request({
      method: 'POST',
      path: '/internal/v1/reservations',
      body: { a: 1 },
      credentials: 'service',
    });
    expect(target.seen[0].headers.authorization).toBe('Bearer service-token');
  });

  it('retries an idempotent call that failed with 503 and succeeds', async () => {
    let calls = 0;
    const target = await upstream((request, response) =>
      ++calls < 3 ? json(503, {})(request, response) : json(200, { calls })(request, response),
    );
    servers.push(target.server);
    const result = await client(target.url, { breakerErrorPercent: 100 }).request({
      method: 'GET',
      path: '/x',
      credentials: 'none',
    });
    expect(result.body).toEqual({ calls: 3 });
  });

  it('never retries a non-idempotent call', async () => {
    const target = await upstream(json(503, {}));
    servers.push(target.server);
    await expect(
      client(target.url).request({ method: 'POST', path: '/x', body: {}, credentials: 'none' }),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(target.seen).toHaveLength(1);
  });

  it('passes a 4xx answer through as a definite answer, without retrying', async () => {
    const target = await upstream(json(404, { code: 'PRODUCT_NOT_FOUND' }));
    servers.push(target.server);
    const failure = await client(target.url)
      .request({ method: 'GET', path: '/x', credentials: 'none' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamResponseError);
    expect((failure as UpstreamResponseError).code).toBe('PRODUCT_NOT_FOUND');
    expect(target.seen).toHaveLength(1);
  });

  it('gives up on a slow upstream within the timeout budget with a 503 carrying Retry-After', async () => {
    const target = await upstream(() => undefined); // never answers
    servers.push(target.server);
    const started = Date.now();
    const failure = await client(target.url, { retries: 1 })
      .request({ method: 'GET', path: '/x', credentials: 'none' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as UpstreamUnavailableError).headers['Retry-After']).toBe('1');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('cuts an attempt to the time the request has left and retries nothing past its deadline', async () => {
    const target = await upstream(() => undefined); // never answers
    servers.push(target.server);
    const started = Date.now();
    const failure = await runWithRequestContext({ requestId: 'r-1', deadline: started + 300 }, () =>
      client(target.url, { timeoutMs: 5_000, retries: 2 }).request({ method: 'GET', path: '/x', credentials: 'none' }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect((failure as UpstreamUnavailableError).headers['Retry-After']).toBe('1');
    expect(Date.now() - started).toBeLessThan(300 + 150);
    expect(target.seen).toHaveLength(1);
    expect(await metrics.registry.getSingleMetricAsString('upstream_requests_total')).toContain('outcome="deadline"');
  });

  it('starts no call at all once the deadline has passed', async () => {
    const target = await upstream(json(200, {}));
    servers.push(target.server);
    const late = client(target.url);
    await expect(
      runWithRequestContext({ requestId: 'r-1', deadline: Date.now() - 1 }, () =>
        late.request({ method: 'GET', path: '/x', credentials: 'none' }),
      ),
    ).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(target.seen).toHaveLength(0);
  });

  it('retries while the deadline leaves room for it', async () => {
    let calls = 0;
    const target = await upstream((request, response) =>
      ++calls < 2 ? json(503, {})(request, response) : json(200, { calls })(request, response),
    );
    servers.push(target.server);
    const result = await runWithRequestContext({ requestId: 'r-1', deadline: Date.now() + 2_000 }, () =>
      client(target.url, { breakerErrorPercent: 100 }).request({ method: 'GET', path: '/x', credentials: 'none' }),
    );
    expect(result.body).toEqual({ calls: 2 });
  });

  it('opens the circuit after repeated failures, fails fast while open, and closes once the upstream recovers', async () => {
    let healthy = false;
    const target = await upstream((request, response) =>
      (healthy ? json(200, { ok: true }) : json(500, {}))(request, response),
    );
    servers.push(target.server);
    const breakerClient = client(target.url, { retries: 0 });
    for (let i = 0; i < 5; i += 1)
      await breakerClient.request({ method: 'GET', path: '/x', credentials: 'none' }).catch(() => undefined);
    expect(breakerClient.isOpen).toBe(true);
    const callsWhenOpened = target.seen.length;
    await expect(breakerClient.request({ method: 'GET', path: '/x', credentials: 'none' })).rejects.toBeInstanceOf(
      UpstreamUnavailableError,
    );
    expect(target.seen.length).toBe(callsWhenOpened);
    expect(await metrics.registry.getSingleMetricAsString('upstream_circuit_breaker_state')).toContain(
      'upstream_circuit_breaker_state{upstream="product-service"} 2',
    );
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await breakerClient.request({ method: 'GET', path: '/x', credentials: 'none' })).body).toEqual({
      ok: true,
    });
    expect(breakerClient.isOpen).toBe(false);
  });

  it('fails fast when nothing listens on the upstream port', async () => {
    const failure = await client('http://127.0.0.1:1', { retries: 0 })
      .request({ method: 'GET', path: '/x', credentials: 'none' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UpstreamUnavailableError);
    expect(await metrics.registry.getSingleMetricAsString('upstream_requests_total')).toContain('outcome="network"');
  });
});
