import { createServer, type Server } from 'node:http';
import { UpstreamUnavailableError } from '@app/errors';
import { runWithRequestContext } from '@app/request-context';
import { backoffDelayMs } from './backoff';
import { ServiceTokenProvider } from './service-token-provider';

describe('ServiceTokenProvider', () => {
  let server: Server;
  let issued = 0;
  let lastBody = '';
  let url = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        lastBody = body;
        issued += 1;
        const ok = JSON.parse(body).clientSecret === 'right';
        response.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(ok ? { accessToken: `token-${issued}`, expiresIn: 100 } : { code: 'INVALID_CLIENT' }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/internal/v1/auth/token`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (issued = 0));

  it('uses the client-credentials grant, caches the token and shares one request between concurrent callers', async () => {
    let now = 0;
    const provider = new ServiceTokenProvider({ id: 'cart-service', secret: 'right', tokenUrl: url }, 1_000, () => now);
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(JSON.parse(lastBody)).toEqual({
      grantType: 'client_credentials',
      clientId: 'cart-service',
      clientSecret: 'right',
    });
    now = 79_000;
    expect(await provider.token()).toBe('token-1');
    now = 81_000; // past 80% of the 100 s lifetime
    expect(await provider.token()).toBe('token-2');
  });

  it('reports refused credentials or an unreachable user-service as an upstream outage', async () => {
    const refused = new ServiceTokenProvider({ id: 'cart-service', secret: 'wrong', tokenUrl: url }, 1_000);
    await expect(refused.token()).rejects.toBeInstanceOf(UpstreamUnavailableError);
    const unreachable = new ServiceTokenProvider(
      { id: 'cart-service', secret: 'right', tokenUrl: 'http://127.0.0.1:1/token' },
      1_000,
    );
    await expect(unreachable.token()).rejects.toBeInstanceOf(UpstreamUnavailableError);
    await expect(new ServiceTokenProvider(undefined, 1_000).token()).rejects.toThrow(
      'SERVICE_CLIENT_ID is not configured',
    );
  });

  it('waits for a hung user-service no longer than the request has left', async () => {
    const hung = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungUrl = `http://127.0.0.1:${(hung.address() as { port: number }).port}/token`;
    const provider = new ServiceTokenProvider({ id: 'cart-service', secret: 'right', tokenUrl: hungUrl }, 5_000);
    const started = Date.now();
    try {
      const failure = await runWithRequestContext({ requestId: 'r-1', deadline: started + 300 }, () =>
        provider.token(),
      ).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(UpstreamUnavailableError);
      expect((failure as UpstreamUnavailableError).headers['Retry-After']).toBe('5');
      expect(Date.now() - started).toBeLessThan(300 + 150);
    } finally {
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
    }
  });
});

describe('backoffDelayMs', () => {
  it('grows exponentially up to a cap, with full jitter', () => {
    expect([0, 1, 2, 3, 10].map((attempt) => backoffDelayMs(attempt, 50, 1_000, () => 0.999))).toEqual([
      49, 99, 199, 399, 999,
    ]);
    expect(backoffDelayMs(3, 50, 1_000, () => 0)).toBe(0);
  });
});
