import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CartSettings } from '../cart-settings';
import { CartRepository } from './cart.repository';
import { CartsMetrics } from './carts.metrics';

/**
 * Every CART_ABANDONED_COUNT_INTERVAL_MS (60 s), counts the carts with items nobody touched for
 * CART_ABANDONED_AFTER_MINUTES into the gauge shop_carts_abandoned. A count, not a list: the shop dashboard
 * shows how many, never whose. Every replica counts the same collection, so the dashboard takes the max.
 */
@Injectable()
export class AbandonedCartsCounter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AbandonedCartsCounter.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly carts: CartRepository,
    private readonly metrics: CartsMetrics,
    private readonly settings: CartSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.abandonedCountIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.count().catch(() => undefined), this.settings.abandonedCountIntervalMs);
    this.timer.unref(); // never what keeps the process alive
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One count, joined rather than doubled when one is running; the gauge keeps its last value on failure. */
  count(now = new Date()): Promise<number> {
    this.running ??= this.countOnce(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async countOnce(now: Date): Promise<number> {
    const before = new Date(now.getTime() - this.settings.abandonedAfterMinutes * 60_000);
    try {
      const abandoned = await this.carts.countAbandoned(before);
      this.metrics.abandonedCarts(abandoned);
      return abandoned;
    } catch (error) {
      this.logger.warn({ msg: 'counting abandoned carts failed; the next interval tries again', err: error });
      throw error;
    }
  }
}
