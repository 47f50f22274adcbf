import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '@app/scheduling';
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
  private readonly job: PeriodicJob<number>;
  /** The moment the next pass counts from when a caller chose one (tests); otherwise the pass's own now. */
  private countAt?: Date;

  constructor(
    private readonly carts: CartRepository,
    private readonly metrics: CartsMetrics,
    private readonly settings: CartSettings,
  ) {
    // countOnce already logged the failure; the gauge keeps its last value until the next interval.
    this.job = new PeriodicJob(() => this.countOnce(this.takeCountAt()), {
      intervalMs: settings.abandonedCountIntervalMs,
      onFailure: () => undefined,
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One count, joined rather than doubled when one is running; the gauge keeps its last value on failure. */
  count(now?: Date): Promise<number> {
    this.countAt = now;
    return this.job.run();
  }

  private takeCountAt(): Date {
    const at = this.countAt ?? new Date();
    this.countAt = undefined;
    return at;
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
