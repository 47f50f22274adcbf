import { http, type HttpResult } from '../../../test/support/http';
import { quantities } from './support/cart-client';
import { startCartUnderTest, type CartUnderTest } from './support/cart-under-test';

const MAX_IN_FLIGHT = 3;
const BURST = 40;
let env: CartUnderTest;

beforeAll(async () => {
  env = await startCartUnderTest({ SERVICE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });
});
afterAll(() => env?.close());

const shedTotal = async (): Promise<number> =>
  Number(/^http_requests_shed_total (\d+)/m.exec((await http(env.cart.baseUrl, '/metrics')).text)?.[1]);

describe('cart-service under a burst beyond SERVICE_MAX_IN_FLIGHT', () => {
  it('answers the excess 503 SERVICE_OVERLOADED with Retry-After at once, never a timeout, and loses nothing', async () => {
    const productId = await env.upstreams.createProduct({ name: 'Mug', price: 1299, stock: 1000 });
    const shoppers = Array.from({ length: BURST }, () => env.shopper());
    const shedBefore = await shedTotal();

    // Forty shoppers add the mug at the same moment; the probe is asked in the middle of it.
    const started = Date.now();
    const [answers, live] = await Promise.all([
      Promise.all(shoppers.map(({ api }) => api.add(productId, 1))),
      http(env.cart.baseUrl, '/health/live'),
    ]);
    const burstMs = Date.now() - started;

    const admitted = answers.filter((answer) => answer.status === 201);
    const shed = answers.filter((answer) => answer.status === 503);
    expect(admitted.length + shed.length).toBe(BURST); // every one answered, each one way or the other
    expect(admitted.length).toBeGreaterThanOrEqual(MAX_IN_FLIGHT);
    expect(shed.length).toBeGreaterThan(0);
    for (const answer of shed) {
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.json).toMatchObject({ code: 'SERVICE_OVERLOADED', status: 503, instance: '/api/v1/cart/items' });
    }
    expect(burstMs).toBeLessThan(8_000); // answered, not queued until the clients' 10 s deadline
    expect(live.status).toBe(200); // the probe is never shed
    expect((await shedTotal()) - shedBefore).toBe(shed.length);

    // Nothing lost, nothing half-done: an admitted add is in its cart, a shed one left the cart untouched.
    // (Looked at one after the other: forty views at once would be shed too.)
    for (const [i, { api }] of shoppers.entries()) {
      const cart = await api.view();
      expect(cart.status).toBe(200);
      expect(quantities(cart)).toEqual(answers[i].status === 201 ? { [productId]: 1 } : {});
    }

    // The shed shoppers do what the answer says: wait, retry. Then every cart holds the mug exactly once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const pending = shoppers.filter((_, i) => answers[i].status === 503);
    for (let round = 0; pending.length > 0 && round < 10; round += 1) {
      const retried: HttpResult[] = [];
      for (const { api } of pending) retried.push(await api.add(productId, 1));
      for (let i = retried.length - 1; i >= 0; i -= 1) if (retried[i].status === 201) pending.splice(i, 1);
    }
    expect(pending).toHaveLength(0);
    for (const { api } of shoppers) expect(quantities(await api.view())).toEqual({ [productId]: 1 });
  });
});
