import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runSmokeChecks } from './smoke-checks';

/** A stand-in for the edge, answering each smoke path the way a healthy or broken deployment would. */
describe('runSmokeChecks', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const id = String(request.headers['x-request-id']);
      switch (request.url) {
        case '/api/v1/products': // the service, echoing the id in its header
          return response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id }).end('[]');
        case '/api/v1/users/me': // the service's 401 problem, with the id only in the body
          return response
            .writeHead(401, { 'content-type': 'application/problem+json' })
            .end(JSON.stringify({ status: 401, requestId: id }));
        case '/api/v1/cart': // a load balancer's own page: not from the service
          return response.writeHead(200, { 'content-type': 'text/html' }).end('<html>default backend</html>');
        case '/api/v1/orders': // the service, but failing
          return response
            .writeHead(502, { 'content-type': 'application/problem+json', 'x-request-id': id })
            .end(JSON.stringify({ status: 502 }));
        default: // no content type at all
          return response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes only answers from the service itself (its request id in a header or the body) that are not 5xx', async () => {
    expect(await runSmokeChecks(base)).toEqual([
      { name: 'product-service /api/v1/products', ok: true, detail: '200 application/json' },
      { name: 'user-service /api/v1/users/me', ok: true, detail: '401 application/problem+json' },
      { name: 'cart-service /api/v1/cart', ok: false, detail: '200 text/html (not answered by the service)' },
      { name: 'order-service /api/v1/orders', ok: false, detail: '502 application/problem+json' },
      {
        name: 'order-service /api/v1/payments/stripe/webhook',
        ok: false,
        detail: '404  (not answered by the service)',
      },
    ]);
  });

  it('fails every check with the reason when the base URL does not answer in time', async () => {
    const results = await runSmokeChecks('http://127.0.0.1:1', 2_000);
    expect(results).toHaveLength(5);
    for (const result of results) expect(result).toMatchObject({ ok: false, detail: 'fetch failed' });
  });
});
