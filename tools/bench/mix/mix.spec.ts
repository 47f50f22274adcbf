import { forEachLimited } from './accounts';
import { planVisit, SEARCHES, thinkTimeMs } from './journey';
import { LatencyRecorder, percentile } from './latency-recorder';
import { parseBenchOptions } from './options';
import { checkTargets, summariseWindow } from './report';
import { retryAfterMs, Session } from './session';
import { type CallOptions, type CallResult, outcomeOf, type ShopClient } from './shop-api';
import { VirtualShopper } from './virtual-shopper';

/** A repeatable stream of numbers in [0, 1). */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

const tokens = (n: number, expiresIn = 900) => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  tokenType: 'Bearer',
  expiresIn,
});

interface Call {
  label: string;
  method: string;
  path: string;
  options: CallOptions;
  at: number;
}

/** The API as a script: each label answers from its own queue (the last answer repeats), every call is kept. */
class ScriptedShop implements ShopClient {
  readonly calls: Call[] = [];
  private issued = 0;

  constructor(
    private readonly clock: { now: number },
    private readonly answers: Record<string, CallResult[]> = {},
  ) {}

  call(label: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    this.calls.push({ label, method, path, options, at: this.clock.now });
    this.clock.now += 10; // every call takes 10 ms
    const queue = this.answers[label];
    if (queue && queue.length > 1) return Promise.resolve(queue.shift()!);
    if (queue) return Promise.resolve(queue[0]);
    if (label === 'POST /auth/login' || label === 'POST /auth/refresh')
      return Promise.resolve({ status: 200, body: tokens((this.issued += 1)) });
    if (label === 'POST /orders') return Promise.resolve({ status: 201, body: { id: 'order-1' } });
    return Promise.resolve({ status: 200, body: {} });
  }

  labels(): string[] {
    return this.calls.map((call) => call.label);
  }
}

function shopperAt(clock: { now: number }, thinkMs = 0, random = sequence(0)) {
  return new VirtualShopper({ email: 'a@bench.example', password: 'pw' }, ['p1', 'p2'], {
    thinkMs,
    random,
    now: () => clock.now,
    sleep: (ms) => {
      clock.now += ms;
      return Promise.resolve();
    },
  });
}

describe('a visit', () => {
  it('goes from browsing to tracking the paid order, in the order a person does it', () => {
    // The lowest draws: one page, the first search, one product, one item.
    expect(planVisit(sequence(0)).map((step) => step.kind)).toEqual([
      'browse',
      'search',
      'viewProduct',
      'addToCart',
      'viewCart',
      'placeOrder',
      'pay',
      'trackOrder',
    ]);
    // The highest draws: three pages, the last search, four products, two items.
    const longest = planVisit(sequence(0.999));
    expect(longest.filter((step) => step.kind === 'browse').map((step) => step.kind === 'browse' && step.page)).toEqual(
      [1, 2, 3],
    );
    expect(longest.find((step) => step.kind === 'search')).toMatchObject({ query: SEARCHES[SEARCHES.length - 1] });
    expect(longest.filter((step) => step.kind === 'viewProduct')).toHaveLength(4);
    expect(longest.filter((step) => step.kind === 'addToCart')).toHaveLength(2);
    expect(longest).toHaveLength(14);
  });

  it('thinks for an exponential time of the given mean, capped at ten means, and not at all for 0', () => {
    const draws = Array.from({ length: 10_000 }, (_, i) => thinkTimeMs(1000, () => (i + 0.5) / 10_000));
    const mean = draws.reduce((sum, ms) => sum + ms, 0) / draws.length;
    expect(mean).toBeGreaterThan(950);
    expect(mean).toBeLessThan(1050);
    expect(thinkTimeMs(1000, () => 0.5)).toBeCloseTo(1000 * Math.LN2, 5); // the median
    expect(thinkTimeMs(1000, () => 0.9999999)).toBe(10_000);
    expect(thinkTimeMs(0, () => 0.5)).toBe(0);
  });
});

describe('Session', () => {
  it('is due for a refresh a tenth of the lifetime before expiry, a minute at most, and renews with the new pair', () => {
    const session = new Session(tokens(1, 60), 0);
    expect(session.needsRefresh(53_999)).toBe(false);
    expect(session.needsRefresh(54_000)).toBe(true); // 60 s lifetime: 6 s early
    session.renew(tokens(2, 900), 54_000);
    expect(session).toMatchObject({ accessToken: 'access-2', refreshToken: 'refresh-2' });
    expect(session.needsRefresh(54_000 + 839_999)).toBe(false);
    expect(session.needsRefresh(54_000 + 840_000)).toBe(true); // 15 min lifetime: one minute early
  });

  it('waits for Retry-After in seconds or as a date, within bounds, and 1 s without one', () => {
    expect(retryAfterMs('2', 0)).toBe(2000);
    expect(retryAfterMs(new Date(5_000).toUTCString(), 1_000)).toBe(4_000);
    expect(retryAfterMs(undefined, 0)).toBe(1000);
    expect(retryAfterMs('soon', 0)).toBe(1000);
    expect(retryAfterMs('3600', 0)).toBe(30_000);
    expect(retryAfterMs(new Date(0).toUTCString(), 5_000)).toBe(0);
  });
});

describe('VirtualShopper', () => {
  it('logs in once, then shops with its access token and never logs in again', async () => {
    const clock = { now: 0 };
    const shop = new ScriptedShop(clock);
    const shopper = shopperAt(clock);
    expect(await shopper.logIn(shop, 1_000)).toBe(true);
    await shopper.shopUntil(shop, 1_000);
    expect(shop.labels().filter((label) => label === 'POST /auth/login')).toHaveLength(1);
    expect(shop.labels().slice(1, 9)).toEqual([
      'GET /products',
      'GET /products?search',
      'GET /products/:id',
      'POST /cart/items',
      'GET /cart',
      'POST /orders',
      'POST /orders/:id/payment',
      'GET /orders/:id',
    ]);
    const cart = shop.calls.find((call) => call.label === 'GET /cart')!;
    expect(cart.options.token).toBe('access-1');
    const pay = shop.calls.find((call) => call.label === 'POST /orders/:id/payment')!;
    expect(pay.path).toBe('/api/v1/orders/order-1/payment');
    expect(shop.calls.find((call) => call.label === 'GET /products')!.options.token).toBeUndefined();
  });

  it('refreshes its access token before it expires, with the latest refresh token, as a client does', async () => {
    const clock = { now: 0 };
    const shop = new ScriptedShop(clock, {
      'POST /auth/login': [{ status: 200, body: tokens(1, 60) }],
      'POST /auth/refresh': [
        { status: 200, body: tokens(2, 60) },
        { status: 200, body: tokens(3, 60) },
      ],
    });
    const shopper = shopperAt(clock, 1_000, sequence(0.5)); // thinks 0.69 s (the median) between two steps
    await shopper.logIn(shop, 130_000);
    await shopper.shopUntil(shop, 130_000);
    const refreshes = shop.calls.filter((call) => call.label === 'POST /auth/refresh');
    expect(refreshes.length).toBe(2);
    expect(refreshes.map((call) => call.options.json)).toEqual([
      { refreshToken: 'refresh-1' },
      { refreshToken: 'refresh-2' },
    ]);
    expect(refreshes[0].at).toBeGreaterThanOrEqual(54_000); // not before it was due
    expect(refreshes[0].at).toBeLessThan(60_000); // and before the token lapsed
    const afterSecond = shop.calls.filter((call) => call.at > refreshes[1].at && call.options.token);
    expect(new Set(afterSecond.map((call) => call.options.token))).toEqual(new Set(['access-3']));
  });

  it('meets 401 TOKEN_EXPIRED by refreshing and sending the request once more', async () => {
    const clock = { now: 0 };
    const shop = new ScriptedShop(clock, {
      'GET /cart': [
        { status: 401, body: { code: 'TOKEN_EXPIRED' } },
        { status: 200, body: {} },
      ],
    });
    const shopper = shopperAt(clock);
    await shopper.logIn(shop, 1);
    await shopper.shopUntil(shop, 1_000);
    const labels = shop.labels();
    const first = labels.indexOf('GET /cart');
    expect(labels.slice(first, first + 3)).toEqual(['GET /cart', 'POST /auth/refresh', 'GET /cart']);
    expect(shop.calls[first + 2].options.token).toBe('access-2');
  });

  it('waits out a shed order (503 + Retry-After) and retries it with the same idempotency key', async () => {
    const clock = { now: 0 };
    const shed = { status: 503, body: { code: 'OVERLOADED' }, retryAfter: '2' };
    const shop = new ScriptedShop(clock, {
      'POST /orders': [shed, shed, { status: 201, body: { id: 'order-9' } }, { status: 201, body: { id: 'order-10' } }],
    });
    const shopper = shopperAt(clock);
    await shopper.logIn(shop, 1);
    await shopper.shopUntil(shop, 20_000);
    const orders = shop.calls.filter((call) => call.label === 'POST /orders');
    const firstKey = orders[0].options.headers?.['idempotency-key'];
    expect(orders.slice(0, 3).map((call) => call.options.headers?.['idempotency-key'])).toEqual([
      firstKey,
      firstKey,
      firstKey,
    ]);
    expect(orders[1].at - orders[0].at).toBeGreaterThanOrEqual(2_000);
    expect(orders[3].options.headers?.['idempotency-key']).not.toBe(firstKey); // the next visit's order
    expect(shop.calls.find((call) => call.label === 'POST /orders/:id/payment')!.path).toContain('order-9');
  });

  it('does not order with an empty cart, nor pay or track an order that was not placed', async () => {
    const clock = { now: 0 };
    const shop = new ScriptedShop(clock, { 'POST /cart/items': [{ status: 500, body: {} }] });
    const shopper = shopperAt(clock);
    await shopper.logIn(shop, 1);
    await shopper.shopUntil(shop, 100);
    expect(shop.labels()).not.toContain('POST /orders');
    expect(shop.labels()).not.toContain('POST /orders/:id/payment');
    expect(shop.labels()).toContain('GET /cart');
  });

  it('retries a login the bcrypt queue refused (503 LOGIN_BUSY), and gives up on a wrong password', async () => {
    const clock = { now: 0 };
    const busy = new ScriptedShop(clock, {
      'POST /auth/login': [
        { status: 503, body: { code: 'LOGIN_BUSY' }, retryAfter: '1' },
        { status: 200, body: tokens(1) },
      ],
    });
    expect(await shopperAt(clock).logIn(busy, 10_000)).toBe(true);
    expect(busy.calls.map((call) => call.at)).toEqual([0, 1_010]);
    const refused = new ScriptedShop(clock, { 'POST /auth/login': [{ status: 401, body: {} }] });
    expect(await shopperAt(clock).logIn(refused, clock.now + 10_000)).toBe(false);
    expect(refused.calls).toHaveLength(1);
  });

  it('stops at the deadline without starting another step', async () => {
    const clock = { now: 0 };
    const shop = new ScriptedShop(clock);
    const shopper = shopperAt(clock, 1_000, sequence(0.5));
    await shopper.logIn(shop, 1);
    await shopper.shopUntil(shop, 5_000);
    expect(Math.max(...shop.calls.map((call) => call.at))).toBeLessThan(5_000);
    expect(clock.now).toBeLessThanOrEqual(5_010);
  });
});

describe('LatencyRecorder', () => {
  it('summarises throughput, error rate, shed and timed-out calls and nearest-rank percentiles per endpoint', () => {
    const recorder = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms += 1) recorder.record('GET /products', ms, ms < 98 ? 'ok' : 'error', 500);
    recorder.record('POST /orders', 40, 'ok');
    recorder.record('POST /orders', 3, 'shed', 503);
    recorder.record('POST /orders', 10_000, 'timeout');
    const [products, orders] = recorder.summary(10);
    expect(products).toEqual({
      endpoint: 'GET /products',
      requests: 100,
      requestsPerSecond: 10,
      errorRate: 0.03,
      shed: 0,
      timeouts: 0,
      failures: { 500: 3 },
      p50Ms: 50,
      p95Ms: 95,
      p99Ms: 99,
      maxMs: 100,
    });
    expect(orders).toMatchObject({ requests: 3, errorRate: 0.6667, shed: 1, timeouts: 1 });
    expect(orders.failures).toEqual({ 503: 1, timeout: 1 });
    expect(percentile([], 99)).toBe(0);
  });

  it('counts a 503 as shed only when it says when to come back', () => {
    expect(outcomeOf(201, undefined)).toBe('ok');
    expect(outcomeOf(503, '1')).toBe('shed');
    expect(outcomeOf(503, undefined)).toBe('error');
    expect(outcomeOf(429, '5')).toBe('error');
  });
});

describe('targets and the sweep', () => {
  const row = (endpoint: string, p99Ms: number, requests = 100, errorRate = 0) => ({
    endpoint,
    requests,
    requestsPerSecond: requests / 10,
    errorRate,
    shed: 0,
    timeouts: 0,
    failures: {},
    p50Ms: p99Ms / 4,
    p95Ms: p99Ms / 2,
    p99Ms,
    maxMs: p99Ms,
  });

  it('checks reads under 100 ms, placing and paying under 300 ms at p99, and no error at all', () => {
    const checks = checkTargets([
      row('GET /products', 99),
      row('GET /cart', 100),
      row('POST /orders', 299),
      row('POST /orders/:id/payment', 310, 50, 0.02),
      row('GET /orders/:id', 2_000),
    ]);
    expect(checks.map((check) => [check.what, check.met])).toEqual([
      ['GET /products p99', true],
      ['GET /cart p99', false],
      ['POST /orders p99', true],
      ['POST /orders/:id/payment p99', false],
      ['errors, all endpoints', false],
    ]);
    expect(checks[4].measured).toBe('1');
  });

  it('summarises a window: total throughput, paid orders per second, errors', () => {
    const summary = summariseWindow(
      20,
      [row('GET /products', 50, 300), row('POST /orders/:id/payment', 200, 20, 0.1)],
      10,
    );
    expect(summary).toMatchObject({ shoppers: 20, requestsPerSecond: 32, paidPerSecond: 1.8, errorRate: 0.0063 });
    expect(summary.p99Ms['GET /products']).toBe(50);
    expect(summary.p99Ms['GET /cart']).toBe(0);
  });
});

describe('bench options', () => {
  it('reads shoppers (or the older --concurrency), a sweep, think time and settings for the services', () => {
    expect(parseBenchOptions([])).toMatchObject({ shoppers: [20], durationSeconds: 20, thinkMs: 1000 });
    expect(parseBenchOptions(['--concurrency', '100']).shoppers).toEqual([100]);
    expect(
      parseBenchOptions([
        '--sweep',
        '20, 50,100',
        '--think-ms',
        '0',
        '--env',
        'SERVICE_MAX_IN_FLIGHT=64',
        '--catalog-vs-raw',
      ]),
    ).toMatchObject({ shoppers: [20, 50, 100], thinkMs: 0, env: { SERVICE_MAX_IN_FLIGHT: '64' }, catalogVsRaw: true });
    expect(() => parseBenchOptions(['--shoppers', '0'])).toThrow('--shoppers must be an integer >= 1');
    expect(() => parseBenchOptions(['--env', 'lower=1'])).toThrow('NAME=value');
    expect(() => parseBenchOptions(['--speed', '2'])).toThrow('unknown option --speed');
  });

  it('runs work with bounded concurrency, in order', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running += 1;
      most = Math.max(most, running);
      seen.push(item);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    });
    expect(most).toBe(3);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
