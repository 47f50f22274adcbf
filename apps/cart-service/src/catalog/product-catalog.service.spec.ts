import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { type ServiceConfig } from '@app/config';
import { UpstreamUnavailableError } from '@app/errors';
import { UpstreamClientFactory } from '@app/http-client';
import { MetricsService } from '@app/metrics';
import { type CartSettings } from '../cart-settings';
import { ProductCatalog } from './product-catalog.service';

const id = (n: number): string => n.toString(16).padStart(24, '0');

/** A stand-in product-service and token endpoint on a local port; each test scripts the products answer. */
describe('ProductCatalog', () => {
  let server: Server;
  let baseUrl = '';
  let answer: (request: IncomingMessage) => [number, unknown];
  const seen: IncomingMessage[] = [];
  let factory: UpstreamClientFactory;

  beforeAll(async () => {
    server = createServer((request, response) => {
      const token = request.url?.startsWith('/internal/v1/auth/token');
      if (!token) seen.push(request);
      const [status, body] = token ? [200, { accessToken: 'svc-token', expiresIn: 300 }] : answer(request);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function catalog(): ProductCatalog {
    const config = {
      http: { timeoutMs: 500, retries: 2, breakerResetMs: 3000, breakerErrorPercent: 50 },
      serviceClient: { id: 'cart-service', secret: 's', tokenUrl: `${baseUrl}/internal/v1/auth/token` },
    } as ServiceConfig;
    factory = new UpstreamClientFactory(config, new MetricsService());
    return new ProductCatalog(factory, config, { productServiceUrl: baseUrl } as CartSettings);
  }
  afterEach(() => {
    factory.onApplicationShutdown();
    seen.splice(0);
  });

  it('asks for at most 100 ids per call, with its service token, and merges the answers', async () => {
    answer = (request) => {
      const ids = new URL(request.url ?? '', baseUrl).searchParams.get('ids')?.split(',') ?? [];
      const items = ids.map((each) => ({
        id: each,
        sku: each,
        name: 'P',
        price: 1,
        currency: 'EUR',
        stock: 1,
        active: true,
      }));
      return [200, { items }];
    };
    const ids = Array.from({ length: 150 }, (_, n) => id(n + 1));
    const lookup = await catalog().lookup([...ids, ids[0]]);
    expect(
      seen.map((request) => new URL(request.url ?? '', baseUrl).searchParams.get('ids')?.split(',').length),
    ).toEqual(expect.arrayContaining([100, 50]));
    expect(seen.every((request) => request.headers.authorization === 'Bearer svc-token')).toBe(true);
    expect(ids.every((each) => lookup.covers(each) && lookup.get(each)?.id === each)).toBe(true);
  });

  it('asks nothing for an empty cart', async () => {
    expect((await catalog().lookup([])).askedFor.size).toBe(0);
    expect(seen).toHaveLength(0);
  });

  it('reports a refused call or an unreadable answer as product-service being unavailable, without retrying', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    answer = () => [403, { code: 'FORBIDDEN' }];
    await expect(catalog().lookup([id(1)])).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ status: 403, code: 'FORBIDDEN' }));
    answer = () => [200, { nothing: true }];
    await expect(catalog().lookup([id(1)])).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '3' } });
    answer = () => [503, {}];
    await expect(catalog().lookup([id(1)])).rejects.toBeInstanceOf(UpstreamUnavailableError);
    expect(seen).toHaveLength(3);
    logged.mockRestore();
  });
});
