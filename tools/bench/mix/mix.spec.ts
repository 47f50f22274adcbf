import { LatencyRecorder, percentile } from './latency-recorder';
import { pickAction, SHOPPER_MIX } from './weighted-choice';

describe('shopper mix', () => {
  it('picks actions in proportion to their weights', () => {
    const counts: Record<string, number> = {};
    const steps = 27_000;
    for (let i = 0; i < steps; i += 1) {
      const action = pickAction((i + 0.5) / steps);
      counts[action] = (counts[action] ?? 0) + 1;
    }
    expect(counts).toEqual({
      browseCatalog: 10_000,
      viewProduct: 10_000,
      viewCart: 3_000,
      addToCart: 2_000,
      placeOrder: 1_000,
      logIn: 1_000,
    });
    expect(Object.values(SHOPPER_MIX).reduce((a: number, b: number) => a + b, 0)).toBe(27);
  });
});

describe('LatencyRecorder', () => {
  it('summarises throughput, error rate and nearest-rank percentiles per endpoint', () => {
    const recorder = new LatencyRecorder();
    for (let ms = 1; ms <= 100; ms += 1) recorder.record('GET /products', ms, ms !== 100);
    recorder.record('POST /orders', 40, true);
    expect(recorder.summary(10)).toEqual([
      {
        endpoint: 'GET /products',
        requests: 100,
        requestsPerSecond: 10,
        errorRate: 0.01,
        p50Ms: 50,
        p95Ms: 95,
        p99Ms: 99,
      },
      { endpoint: 'POST /orders', requests: 1, requestsPerSecond: 0.1, errorRate: 0, p50Ms: 40, p95Ms: 40, p99Ms: 40 },
    ]);
    expect(percentile([], 99)).toBe(0);
  });
});
