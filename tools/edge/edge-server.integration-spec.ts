import { createServer, type Server } from 'node:http';
import { createEdge } from './edge-server';

describe('edge server', () => {
  let upstream: Server;
  let edge: Server;
  let base: string;
  let seenHeaders: Record<string, unknown> = {};

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      seenHeaders = request.headers;
      if (request.url?.startsWith('/api/v1/products/broken')) {
        // Starts answering (status and headers go out), then dies or stalls half-way through the body.
        response.writeHead(200, { 'content-type': 'application/json' }).write('{"partial":');
        if (request.url.endsWith('dies')) setTimeout(() => request.socket.destroy(), 50);
        return;
      }
      if (request.url === '/api/v1/products/silent') return;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: request.url }));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const port = (upstream.address() as { port: number }).port;
    edge = createEdge({
      port: 0,
      targets: { 'product-service': { host: '127.0.0.1', port }, 'cart-service': { host: '127.0.0.1', port: 1 } },
      upstreamTimeoutMs: 300,
    });
    await new Promise<void>((resolve) => edge.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(edge.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => edge.close(resolve));
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('forwards the unchanged path with the request id and X-Forwarded-For', async () => {
    const response = await fetch(`${base}/api/v1/products/1?q=x`, { headers: { 'x-request-id': 'edge-1' } });
    expect(await response.json()).toEqual({ path: '/api/v1/products/1?q=x' });
    expect(seenHeaders).toMatchObject({ 'x-request-id': 'edge-1', 'x-forwarded-for': '127.0.0.1' });
  });

  it('answers unroutable paths with a 404 problem and a down service with a 503 problem', async () => {
    const notFound = await fetch(`${base}/internal/v1/anything`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('content-type')).toBe('application/problem+json');
    const down = await fetch(`${base}/api/v1/cart`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('adds the client to an incoming X-Forwarded-For chain and gives a request without an id a new one', async () => {
    await fetch(`${base}/api/v1/products`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(seenHeaders['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(seenHeaders['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seenHeaders['x-forwarded-proto']).toBe('http');
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
});
