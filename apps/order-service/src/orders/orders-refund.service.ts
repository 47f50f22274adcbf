import { Injectable, Logger } from '@nestjs/common';
import { PaymentProvider } from '../payments/payment-provider';
import { type OrderRecord } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { PaymentMetrics } from '../payments/payments.metrics';

/**
 * Sends the refund an order owes (a paid order cancelled, a payment that arrived after a cancellation). The
 * refund is recorded as owed in the same write as the cancellation, so it is sent once here or by the sweeper
 * later; the provider call itself is idempotent per (order, amount).
 */
@Injectable()
export class OrderRefundService {
  private readonly logger = new Logger(OrderRefundService.name);

  constructor(
    private readonly payments: OrderPaymentRepository,
    private readonly provider: PaymentProvider,
    private readonly metrics: PaymentMetrics,
  ) {}

  /** The order after sending what it owes; unchanged (and left for the sweeper) when the provider is away. */
  async send(order: OrderRecord): Promise<OrderRecord> {
    const payment = order.payment;
    if (payment?.refund?.status !== 'pending' || !payment.providerPaymentId) return order;
    try {
      const result = await this.provider.refund({
        orderId: order._id.toHexString(),
        providerPaymentId: payment.providerPaymentId,
        amount: payment.refund.amount,
      });
      const status = result.status === 'pending' ? 'sent' : result.status;
      this.metrics.refund(status === 'failed' ? 'failed' : 'succeeded');
      if (status === 'failed') this.logger.error({ msg: 'refund refused by the provider', order: order.number });
      const recorded = await this.payments.markRefundSent(order, result.refundId, status);
      // Counted with the write that records it, so a refund the sweeper sends again is not counted twice.
      if (recorded && status !== 'failed') this.metrics.refundedMoney(payment.refund.amount, payment.currency);
      return recorded ?? order;
    } catch (error) {
      this.logger.warn({ msg: 'refund not sent; the sweeper retries', order: order.number, err: error });
      return order;
    }
  }
}
