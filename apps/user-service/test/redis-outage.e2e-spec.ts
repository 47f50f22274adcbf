import { http } from '../../../test/support/http';
import { TcpProxy } from '../../../test/support/tcp-proxy';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, startUserService, uniqueEmail } from './support/identity-client';

// A real Redis behind a proxy the test can cut: REDIS_URL, or the one on 127.0.0.1:6379 (fails without it).
const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

/**
 * Issue 16, point 5: with Redis gone, every limit falls back to this replica's memory (and says so:
 * metric and log `rate_limit_store_fallback`) instead of letting everything through.
 */
describe('user-service: rate limits while Redis is down', () => {
  let proxy: TcpProxy;
  let service: TestService;
  let client: IdentityClient;

  beforeAll(async () => {
    proxy = new TcpProxy(redis.hostname, Number(redis.port || 6379));
    await proxy.start();
    service = await startUserService({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      TRUST_PROXY: '1',
      RATE_LIMIT_AUTH_MAX: '3',
      LOGIN_FREE_FAILURES: '2',
    });
    client = new IdentityClient(service);
    await proxy.cut();
  });
  afterAll(async () => {
    await service.close();
    await proxy.cut();
  });

  it('still limits login per address (the strict limit) from memory', async () => {
    const address = { 'x-forwarded-for': '10.80.0.1' };
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1)
      statuses.push((await client.login(uniqueEmail('outage'), 'a wrong password!', address)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('still throttles password guessing per account and address from memory', async () => {
    const email = uniqueEmail('outage-guess');
    const address = { 'x-forwarded-for': '10.80.0.2' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await client.login(email, 'a wrong password!', address)).status);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it('reports the fallback as a metric and a warning', async () => {
    const metrics = (await http(service.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/rate_limit_store_fallback_total\{store="rate-limit"\} [1-9]/);
    expect(metrics).toMatch(/rate_limit_store_fallback_total\{store="failure-counters"\} [1-9]/);
    expect(service.logs.some((line) => line.msg === 'rate_limit_store_fallback' && line.level === 'warn')).toBe(true);
  });
});
