import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AuthenticatedUser } from '@app/auth';
import { OrderSettings } from '../order-settings';
import { PaymentEvents } from '../payments/payment-events';
import { type PaymentAttempt, type PaymentEvent, PaymentProvider } from '../payments/payment-provider';
import { PaymentMetrics } from '../payments/payments.metrics';
import { type OrderRecord, toOrderView } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderNotFoundError, OrderNotPayableError, PaymentExpiredError, PaymentInProgressError } from './orders.errors';
import { OrderMetrics } from './orders.metrics';
import { OrderRefundService } from './orders-refund.service';
import { OrderStatusService } from './orders-status.service';
import { type PaymentAttemptView, toPaymentAttemptView } from './payment-attempt.view';
import { StockClient } from './stock.client';

/**
 * Paying for an order (docs/decisions/0014-payments.md). The synchronous answer of an attempt and the provider's
 * events (Stripe webhooks, the sandbox's simulated ones) go through the same steps, each conditional on the
 * order's state, so they may arrive in any order and any number of times: paid once, cancelled once, refunded
 * once. The amount is always the order's total as stored; never a client value.
 */
@Injectable()
export class OrderPaymentService implements OnModuleInit {
  private readonly logger = new Logger(OrderPaymentService.name);

  constructor(
    private readonly payments: OrderPaymentRepository,
    private readonly provider: PaymentProvider,
    private readonly events: PaymentEvents,
    private readonly statuses: OrderStatusService,
    private readonly refunds: OrderRefundService,
    private readonly stock: StockClient,
    private readonly metrics: OrderMetrics,
    private readonly paymentMetrics: PaymentMetrics,
    private readonly settings: OrderSettings,
  ) {}

  onModuleInit(): void {
    this.events.handleWith((event) => this.apply(event));
  }

  /** Starts or retries the payment of one's own order with a payment method. */
  async pay(user: AuthenticatedUser, id: string, paymentMethod: string): Promise<PaymentAttemptView> {
    const now = new Date();
    const started = await this.payments.startAttempt({ _id: id, userId: user.id }, now, this.staleBefore(now));
    if (!started) return this.answerWithoutAttempt(user, id, now);
    const payment = started.payment!;
    let attempt: PaymentAttempt;
    try {
      attempt = await this.provider.pay({
        orderId: id,
        amount: payment.amount,
        currency: payment.currency,
        paymentMethod,
        attempt: payment.attempts,
        providerPaymentId: payment.providerPaymentId,
      });
    } catch (error) {
      this.paymentMetrics.attempt('error');
      await this.payments.abandonAttempt(started._id, payment.attempts);
      throw error;
    }
    this.paymentMetrics.attempt(attempt.status);
    const order = await this.applyAttempt(started, attempt);
    return toPaymentAttemptView(attempt, order);
  }

  /** Applies one provider event; rejects when it could not be applied, so the provider delivers it again. */
  async apply(event: PaymentEvent): Promise<'applied' | 'ignored'> {
    const order = await this.payments.findById(event.orderId);
    if (!order?.payment || order.payment.appliedEvents.includes(event.id)) return 'ignored';
    if (event.type === 'payment.succeeded' && event.amount !== order.payment.amount) {
      // Only this service creates payments carrying an order id, for the stored total: anything else is a
      // provider-side change nobody here made, for a person to look at, never a confirmation.
      this.logger.error({ msg: 'payment amount differs from the order total; not applied', order: order.number });
      return 'ignored';
    }
    if (event.type === 'payment.succeeded') await this.paid(order, event.providerPaymentId);
    else if (event.type === 'payment.failed') await this.declined(order, event.failureCode);
    else await this.payments.recordRefunded(order._id, event.amountRefunded);
    return (await this.payments.markEventApplied(order._id, event.id)) ? 'applied' : 'ignored';
  }

  /** Cancels an unpaid order whose deadline passed (the sweeper); false when it moved on meanwhile. */
  async expire(order: OrderRecord, now: Date): Promise<boolean> {
    const cancelled = await this.payments.cancelUnpaid(order._id, 'PAYMENT_EXPIRED', {
      now,
      staleBefore: this.staleBefore(now),
    });
    if (!cancelled) return false;
    this.metrics.statusChanged('CANCELLED');
    this.metrics.orderCancelled('PAYMENT_EXPIRED');
    await this.statuses.releaseStock(cancelled);
    return true;
  }

  /**
   * Confirms the reservation of a paid order (after payment, and again from the sweeper until it holds): the
   * order as recorded with its reservation confirmed, or null when that is left for later or was not needed.
   */
  async confirmReservation(order: OrderRecord): Promise<OrderRecord | null> {
    try {
      if ((await this.stock.confirm(order._id.toHexString())) === 'CONFIRMED')
        return await this.payments.markReservationConfirmed(order._id);
      // Paid, but the stock was released meanwhile (a deadline far beyond RESERVATION_TTL_SECONDS): the
      // order cannot be fulfilled, so the shopper gets the money back.
      this.logger.error({ msg: 'paid order lost its reservation; cancelled and refunded', order: order.number });
      await this.statuses.cancelAsSystem(order._id.toHexString(), 'RESERVATION_EXPIRED');
    } catch (error) {
      this.logger.warn({
        msg: 'confirming a paid reservation failed; the sweeper retries',
        order: order.number,
        err: error,
      });
    }
    return null;
  }

  private async applyAttempt(order: OrderRecord, attempt: PaymentAttempt): Promise<OrderRecord> {
    if (attempt.status === 'succeeded') return this.paid(order, attempt.providerPaymentId);
    const recorded = await this.payments.recordAttempt(order._id, order.payment!.attempts, {
      status: attempt.status,
      providerPaymentId: attempt.providerPaymentId || undefined,
      failureCode: attempt.failureCode,
    });
    if (attempt.status === 'failed' && recorded) {
      // Counted where the order counts it (payment.declines), so a decline is never counted twice.
      this.paymentMetrics.declined(attempt.failureCode);
      return this.cancelIfOutOfAttempts(recorded);
    }
    return recorded ?? (await this.payments.findById(order._id.toHexString())) ?? order;
  }

  private async paid(order: OrderRecord, providerPaymentId: string): Promise<OrderRecord> {
    const confirmed = await this.payments.markPaid(order._id, providerPaymentId);
    if (confirmed) {
      this.metrics.statusChanged('CONFIRMED');
      this.metrics.orderPaid(confirmed.payment!.amount, confirmed.payment!.currency);
      const withStock = await this.confirmReservation(confirmed);
      if (withStock) return withStock;
      // Left for the sweeper, or cancelled and refunded (the stock was gone): answer the order as it now stands.
      return (await this.payments.findById(order._id.toHexString())) ?? confirmed;
    }
    const current = (await this.payments.findById(order._id.toHexString())) ?? order;
    if (current.status !== 'CANCELLED') return current;
    // The money arrived for an order cancelled meanwhile: it goes back.
    const owing = await this.payments.oweRefundForLatePayment(current, providerPaymentId, new Date());
    return owing ? this.refunds.send(owing) : current;
  }

  private async declined(order: OrderRecord, failureCode: string): Promise<void> {
    const recorded = await this.payments.recordFailure(order._id, failureCode);
    // A decline of its own only when it ended an attempt (the order's decline count went up); the failure of an
    // attempt answered `failed` was counted with that answer.
    if ((recorded?.payment?.declines ?? 0) > (order.payment?.declines ?? 0)) this.paymentMetrics.declined(failureCode);
    if (recorded && !recorded.payment?.attemptStartedAt) await this.cancelIfOutOfAttempts(recorded);
  }

  private async cancelIfOutOfAttempts(order: OrderRecord): Promise<OrderRecord> {
    if ((order.payment?.declines ?? 0) < this.settings.payments.maxAttempts) return order;
    const cancelled = await this.payments.cancelUnpaid(order._id, 'PAYMENT_FAILED');
    if (!cancelled) return order;
    this.metrics.statusChanged('CANCELLED');
    this.metrics.orderCancelled('PAYMENT_FAILED');
    if (await this.statuses.releaseStock(cancelled)) cancelled.stockReleased = true;
    return cancelled;
  }

  /** Why no attempt could start: already paid (answer it again), cancelled, expired, or one in flight. */
  private async answerWithoutAttempt(user: AuthenticatedUser, id: string, now: Date): Promise<PaymentAttemptView> {
    const order = await this.payments.findById(id);
    if (!order || order.userId !== user.id || !order.payment || order.saga !== 'COMPLETED')
      throw new OrderNotFoundError();
    // A cancelled order is never payable, even one paid and refunded: answering `succeeded` would mislead.
    if (order.status === 'CANCELLED') throw new OrderNotPayableError(order.status);
    if (order.payment.status === 'succeeded') return { status: 'succeeded', order: toOrderView(order) };
    if (order.status !== 'PENDING_PAYMENT') throw new OrderNotPayableError(order.status);
    if (order.payment.deadline <= now) throw new PaymentExpiredError();
    throw new PaymentInProgressError();
  }

  /** An attempt started before this is taken to have died with its process: twice the request budget. */
  private staleBefore(now: Date): Date {
    return new Date(now.getTime() - 2 * this.settings.requestBudgetMs);
  }
}
