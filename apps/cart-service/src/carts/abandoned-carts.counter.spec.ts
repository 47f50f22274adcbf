import { Logger } from '@nestjs/common';
import { MetricsService } from '@app/metrics';
import { type CartSettings } from '../cart-settings';
import { AbandonedCartsCounter } from './abandoned-carts.counter';
import { type CartRepository } from './cart.repository';
import { CartsMetrics } from './carts.metrics';

function setUp(settings: Partial<CartSettings> = {}) {
  const metrics = new MetricsService();
  const repository = { countAbandoned: jest.fn(async (_before: Date) => 4) };
  const counter = new AbandonedCartsCounter(repository as unknown as CartRepository, new CartsMetrics(metrics), {
    abandonedAfterMinutes: 60,
    abandonedCountIntervalMs: 0,
    ...settings,
  } as CartSettings);
  const gauge = async () => (await metrics.registry.getSingleMetric('shop_carts_abandoned')!.get()).values[0]?.value;
  return { counter, repository, gauge };
}

describe('AbandonedCartsCounter', () => {
  afterEach(() => jest.useRealTimers());

  it('counts carts untouched for CART_ABANDONED_AFTER_MINUTES into shop_carts_abandoned', async () => {
    const { counter, repository, gauge } = setUp({ abandonedAfterMinutes: 90 });
    const now = new Date('2026-03-01T12:00:00Z');
    expect(await counter.count(now)).toBe(4);
    expect(repository.countAbandoned).toHaveBeenCalledWith(new Date('2026-03-01T10:30:00Z'));
    expect(await gauge()).toBe(4);
  });

  it('keeps the last count when the database cannot answer, and says so in the log', async () => {
    const { counter, repository, gauge } = setUp();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await counter.count();
    repository.countAbandoned.mockRejectedValueOnce(new Error('no primary'));
    await expect(counter.count()).rejects.toThrow('no primary');
    expect(await gauge()).toBe(4);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ msg: expect.stringContaining('abandoned carts') }));
  });

  it('counts every interval once started, and never with the interval at 0 (tests)', async () => {
    jest.useFakeTimers();
    const off = setUp();
    off.counter.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(off.repository.countAbandoned).not.toHaveBeenCalled();

    const on = setUp({ abandonedCountIntervalMs: 60_000 });
    on.counter.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(180_000);
    expect(on.repository.countAbandoned).toHaveBeenCalledTimes(3);
    await on.counter.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(180_000);
    expect(on.repository.countAbandoned).toHaveBeenCalledTimes(3);
  });
});
