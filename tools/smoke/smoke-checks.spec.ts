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
        case '/.well-known/jwks.json': // a load balancer's own page: not from the service
          return response.writeHead(200, { 'content-type': 'text/html' }).end('<html>default backend</html>');
        case '/api/v1/users/me': // the gateway's refusal: plain text, a Bearer challenge, no request id
          return response
            .writeHead(401, {
              'content-type': 'text/plain',
              'www-authenticate': 'Bearer realm="http://x/api/v1/users/me"',
            })
            .end('Jwt is missing');
        case '/api/v1/cart': // protected, yet answered without a token: a route left open
          return response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id }).end('{}');
        default: // /api/v1/orders: a 401 without a challenge is no token check
          return response.writeHead(401).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('passes public routes answered by the service itself and protected routes refused with a Bearer challenge', async () => {
    expect(await runSmokeChecks(base)).toEqual([
      { name: 'product-service /api/v1/products', ok: true, detail: '200 application/json' },
      {
        name: 'user-service /.well-known/jwks.json',
        ok: false,
        detail: '200 text/html (not answered by the service)',
      },
      { name: 'user-service /api/v1/users/me', ok: true, detail: '401 (Bearer realm="http://x/api/v1/users/me")' },
      { name: 'cart-service /api/v1/cart', ok: false, detail: '200 (no challenge)' },
      { name: 'order-service /api/v1/orders', ok: false, detail: '401 (no challenge)' },
    ]);
  });

  it('fails every check with the reason when the base URL does not answer in time', async () => {
    const results = await runSmokeChecks('http://127.0.0.1:1', 2_000);
    expect(results).toHaveLength(5);
    for (const result of results) expect(result).toMatchObject({ ok: false, detail: 'fetch failed' });
  });
});
