import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OrderSettings } from '../order-settings';
import { CartClearingService } from './orders-cart-clearing.service';
import { OrderRepository } from './order.repository';
import { OrderStatusService } from './orders-status.service';
import { SagaRecoveryService } from './orders-recovery.service';

const BATCH = 100;

export interface SweepResult {
  recovered: number;
  released: number;
  cartsCleared: number;
}

/**
 * Every ORDER_SWEEP_INTERVAL_MS, in every replica: finishes sagas left unfinished for longer than
 * ORDER_SAGA_STALE_SECONDS (a crashed process, a rollback that could not reach product-service), gives back
 * the stock of cancelled orders whose release failed, and clears the carts of orders whose clear failed.
 * All steps are conditional or idempotent.
 */
@Injectable()
export class OrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrderSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    private readonly orders: OrderRepository,
    private readonly recovery: SagaRecoveryService,
    private readonly status: OrderStatusService,
    private readonly cartClearing: CartClearingService,
    private readonly settings: OrderSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.sweepIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.settings.sweepIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; a pass already running is joined rather than doubled. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.sweepOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepOnce(): Promise<SweepResult> {
    const staleBefore = new Date(Date.now() - this.settings.sagaStaleSeconds * 1000);
    const result: SweepResult = { recovered: 0, released: 0, cartsCleared: 0 };
    for (const order of await this.orders.findUnfinished(staleBefore, BATCH)) {
      await this.recovery.recover(order).then(
        () => (result.recovered += 1),
        (error: unknown) =>
          this.logger.warn({ msg: 'saga recovery failed; retried next sweep', order: order.number, err: error }),
      );
    }
    for (const order of await this.orders.findStockToRelease(BATCH))
      if (await this.status.releaseStock(order)) result.released += 1;
    result.cartsCleared = await this.cartClearing.finishPending(BATCH);
    return result;
  }
}
