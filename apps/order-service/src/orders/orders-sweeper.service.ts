import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '@app/scheduling';
import { OrderSettings } from '../order-settings';
import { CartClearingService } from './orders-cart-clearing.service';
import { OrderRepository } from './order.repository';
import { OrderStatusService } from './orders-status.service';
import { SagaRecoveryService } from './orders-recovery.service';
import { PaymentMetrics } from '../payments/payments.metrics';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderPaymentService } from './orders-payment.service';
import { OrderRefundService } from './orders-refund.service';

const BATCH = 100;

export interface SweepResult {
  recovered: number;
  released: number;
  cartsCleared: number;
  /** Unpaid orders cancelled at their deadline (PAYMENT_EXPIRED). */
  expired: number;
  /** Paid orders whose reservation product-service has now confirmed. */
  reservationsConfirmed: number;
  /** Refunds owed and now sent to the payment provider. */
  refundsSent: number;
}

/**
 * Every ORDER_SWEEP_INTERVAL_MS, in every replica: finishes sagas left unfinished for longer than
 * ORDER_SAGA_STALE_SECONDS (a crashed process, a rollback that could not reach product-service), gives back
 * the stock of cancelled orders whose release failed, clears the carts of orders whose clear failed, cancels
 * unpaid orders at their payment deadline, confirms the reservations of paid orders and sends refunds owed.
 * All steps are conditional or idempotent.
 */
@Injectable()
export class OrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrderSweeper.name);
  private readonly job: PeriodicJob<SweepResult>;

  constructor(
    private readonly orders: OrderRepository,
    private readonly recovery: SagaRecoveryService,
    private readonly status: OrderStatusService,
    private readonly cartClearing: CartClearingService,
    private readonly payments: OrderPaymentRepository,
    private readonly payment: OrderPaymentService,
    private readonly refunds: OrderRefundService,
    private readonly paymentMetrics: PaymentMetrics,
    private readonly settings: OrderSettings,
  ) {
    this.job = new PeriodicJob(() => this.sweepOnce(), {
      intervalMs: settings.sweepIntervalMs,
      onFailure: (error) => this.logger.warn({ msg: 'order sweep failed; retried next interval', err: error }),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass; a pass already running is joined rather than doubled. */
  sweep(): Promise<SweepResult> {
    return this.job.run();
  }

  private async sweepOnce(): Promise<SweepResult> {
    const staleBefore = new Date(Date.now() - this.settings.sagaStaleSeconds * 1000);
    const result: SweepResult = {
      recovered: 0,
      released: 0,
      cartsCleared: 0,
      expired: 0,
      reservationsConfirmed: 0,
      refundsSent: 0,
    };
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
    await this.sweepPayments(result);
    return result;
  }

  /** Unpaid orders past their deadline, paid orders whose reservation is unconfirmed, refunds owed. */
  private async sweepPayments(result: SweepResult): Promise<void> {
    const now = new Date();
    for (const order of await this.payments.findOverdue(now, new Date(now.getTime() - this.staleAttemptMs()), BATCH))
      if (await this.payment.expire(order, now)) result.expired += 1;
    for (const order of await this.payments.findUnconfirmedReservations(BATCH))
      if (await this.payment.confirmReservation(order)) result.reservationsConfirmed += 1;
    for (const order of await this.payments.findRefundsOwed(BATCH))
      if ((await this.refunds.send(order)).payment?.refund?.status !== 'pending') result.refundsSent += 1;
    // Still unpaid a whole sweep interval after the deadline: the alert on this gauge says the sweep is stuck.
    this.paymentMetrics.overduePayments(
      await this.payments.countOverdue(new Date(now.getTime() - Math.max(this.settings.sweepIntervalMs, 60_000))),
    );
  }

  private staleAttemptMs(): number {
    return 2 * this.settings.requestBudgetMs;
  }
}
