import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { type AuthenticatedUser } from '@app/auth';
import { MetricsService } from '@app/metrics';
import { type OrderSettings } from '../order-settings';
import { PaymentEvents } from '../payments/payment-events';
import { PaymentProvider } from '../payments/payment-provider';
import { PaymentMetrics } from '../payments/payments.metrics';
import { type OrderRecord } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderRepository } from './order.repository';
import { OrderMetrics } from './orders.metrics';
import { OrderPaymentService } from './orders-payment.service';
import { OrderRefundService } from './orders-refund.service';
import { OrderStatusService } from './orders-status.service';
import { StockClient } from './stock.client';
import { type OrderStatus, type Payment } from './schemas/order.schema';

// Collaborators that reach the database or other services are mocked; the metrics are the real ones, read
// back from the registry as /metrics would show them.
jest.mock('./order-payment.repository');
jest.mock('./order.repository');
jest.mock('../payments/payment-events');
jest.mock('./stock.client');

const shopper = { id: 'user-1' } as AuthenticatedUser;
const admin = { id: 'admin-1' } as AuthenticatedUser;
const id = '65f0c0ffee0000000000abcd';

function order(status: OrderStatus = 'PENDING_PAYMENT', payment: Partial<Payment> = {}): OrderRecord {
  return {
    _id: new Types.ObjectId(id),
    number: 'ORD-250101-AAAAAAAA',
    userId: shopper.id,
    saga: 'COMPLETED',
    status,
    lines: [],
    subtotal: 2500,
    total: 2500,
    currency: 'USD',
    statusHistory: [],
    shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: 'D', country: 'US' },
    cartCleared: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    payment: {
      status: 'pending',
      provider: 'sandbox',
      amount: 2500,
      currency: 'USD',
      refundedAmount: 0,
      deadline: new Date(Date.now() + 60_000),
      attempts: 1,
      declines: 0,
      appliedEvents: [],
      ...payment,
    },
  } as unknown as OrderRecord;
}

const provider = Object.assign(Object.create(PaymentProvider.prototype) as PaymentProvider, {
  pay: jest.fn(),
  refund: jest.fn(),
  readWebhook: jest.fn(),
});

function setUp(maxAttempts = 3) {
  const metrics = new MetricsService();
  const payments = jest.mocked(new (OrderPaymentRepository as jest.Mock<OrderPaymentRepository>)());
  const orders = jest.mocked(new (OrderRepository as jest.Mock<OrderRepository>)());
  const stock = jest.mocked(new (StockClient as jest.Mock<StockClient>)());
  const orderMetrics = new OrderMetrics(metrics);
  const paymentMetrics = new PaymentMetrics(metrics);
  const refunds = new OrderRefundService(payments, provider, paymentMetrics);
  const statuses = new OrderStatusService(orders, stock, refunds, orderMetrics);
  const settings = { requestBudgetMs: 5_000, payments: { maxAttempts } } as OrderSettings;
  const events = new (PaymentEvents as jest.Mock<PaymentEvents>)();
  const service = new OrderPaymentService(
    payments,
    provider,
    events,
    statuses,
    refunds,
    stock,
    orderMetrics,
    paymentMetrics,
    settings,
  );
  const sample = async (name: string, labels: Record<string, string> = {}) => {
    const { values } = await metrics.registry.getSingleMetric(name)!.get();
    return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  };
  return { service, statuses, refunds, payments, orders, stock, sample };
}

describe('order-service records the shop’s business events when the order changes, once', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    // The refused refund is logged for a person; not for this test's output.
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  it('counts a paid order and its total as revenue when the payment confirms it, not on a redelivery', async () => {
    const { service, payments, stock, sample } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
    payments.markPaid.mockResolvedValueOnce(order('CONFIRMED', { status: 'succeeded' }));
    stock.confirm.mockResolvedValue('CONFIRMED');
    payments.markReservationConfirmed.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));
    await service.pay(shopper, id, 'pm_card_visa');

    // The webhook for the same payment arrives after: the order is already CONFIRMED, nothing is counted again.
    payments.findById.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));
    payments.markPaid.mockResolvedValueOnce(null);
    payments.markEventApplied.mockResolvedValue(true);
    await service.apply({
      id: 'evt_1',
      type: 'payment.succeeded',
      orderId: id,
      providerPaymentId: 'pi_1',
      amount: 2500,
    });

    expect(await sample('shop_orders_paid_total', { currency: 'USD' })).toBe(1);
    expect(await sample('shop_revenue_minor_total', { currency: 'USD' })).toBe(2500);
  });

  it('counts a synchronous decline by its code, and the last one as a PAYMENT_FAILED cancellation', async () => {
    const { service, payments, sample } = setUp(2);
    jest
      .mocked(provider.pay)
      .mockResolvedValue({ providerPaymentId: 'pi_1', status: 'failed', failureCode: 'lost_card' });
    payments.startAttempt.mockResolvedValue(order());
    payments.recordAttempt.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'failed', declines: 1 }));
    await service.pay(shopper, id, 'pm_card_chargeDeclinedLostCard');
    expect(await sample('shop_orders_cancelled_total', { reason: 'PAYMENT_FAILED' })).toBe(0);

    payments.recordAttempt.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'failed', declines: 2 }));
    payments.cancelUnpaid.mockResolvedValue(order('CANCELLED'));
    await service.pay(shopper, id, 'pm_card_chargeDeclinedLostCard');

    expect(await sample('shop_payment_declines_total', { code: 'lost_card' })).toBe(2);
    expect(await sample('shop_orders_cancelled_total', { reason: 'PAYMENT_FAILED' })).toBe(1);
  });

  it('counts an asynchronous failure only when it ended an attempt, so Stripe’s echo of a decline is not doubled', async () => {
    const { service, payments, sample } = setUp();
    payments.markEventApplied.mockResolvedValue(true);
    const failed = {
      type: 'payment.failed',
      orderId: id,
      providerPaymentId: 'pi_1',
      failureCode: 'do_not_honor',
    } as const;
    // A 3-D Secure attempt the bank then declined: a decline of its own.
    payments.findById.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'requires_action', declines: 0 }));
    payments.recordFailure.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'failed', declines: 1 }));
    await service.apply({ ...failed, id: 'evt_1' });
    // The webhook for an attempt already answered `failed`: its decline was counted with the answer.
    payments.findById.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'failed', declines: 1 }));
    payments.recordFailure.mockResolvedValueOnce(order('PENDING_PAYMENT', { status: 'failed', declines: 1 }));
    await service.apply({ ...failed, id: 'evt_2' });

    expect(await sample('shop_payment_declines_total', { code: 'do_not_honor' })).toBe(1);
  });

  it('counts an order cancelled at its payment deadline as PAYMENT_EXPIRED, once', async () => {
    const { service, payments, sample } = setUp();
    payments.cancelUnpaid.mockResolvedValueOnce(order('CANCELLED')).mockResolvedValueOnce(null);
    await service.expire(order(), new Date());
    await service.expire(order(), new Date());
    expect(await sample('shop_orders_cancelled_total', { reason: 'PAYMENT_EXPIRED' })).toBe(1);
  });

  it('tells cancellations by the shopper, by an admin and by the service apart; other moves are not cancellations', async () => {
    const { statuses, orders, sample } = setUp();
    orders.findVisible.mockResolvedValue(order());
    orders.moveStatus.mockResolvedValue(order('CANCELLED'));
    await statuses.cancelOwn(shopper, id);
    await statuses.changeStatus(admin, id, 'CANCELLED', 'customer called');
    await statuses.cancelAsSystem(id, 'RESERVATION_EXPIRED');
    orders.findVisible.mockResolvedValue(order('CONFIRMED'));
    orders.moveStatus.mockResolvedValue(order('SHIPPED'));
    await statuses.changeStatus(admin, id, 'SHIPPED');

    expect(await sample('shop_orders_cancelled_total', { reason: 'shopper' })).toBe(1);
    expect(await sample('shop_orders_cancelled_total', { reason: 'admin' })).toBe(1);
    expect(await sample('shop_orders_cancelled_total', { reason: 'RESERVATION_EXPIRED' })).toBe(1);
    expect(await sample('shop_orders_cancelled_total', { reason: 'other' })).toBe(0);
  });

  it('counts refunded money when the provider accepted the refund and it was recorded, never a refused one', async () => {
    const { refunds, payments, sample } = setUp();
    const owing = order('CANCELLED', {
      status: 'succeeded',
      providerPaymentId: 'pi_1',
      refund: { status: 'pending', amount: 2500 } as never,
    });
    jest.mocked(provider.refund).mockResolvedValueOnce({ refundId: 're_1', amount: 2500, status: 'pending' });
    payments.markRefundSent.mockResolvedValueOnce(owing);
    await refunds.send(owing);
    // Sent again by the sweeper after the first was recorded: the record refuses it, nothing is counted.
    jest.mocked(provider.refund).mockResolvedValueOnce({ refundId: 're_1', amount: 2500, status: 'succeeded' });
    payments.markRefundSent.mockResolvedValueOnce(null);
    await refunds.send(owing);
    jest.mocked(provider.refund).mockResolvedValueOnce({ refundId: 're_2', amount: 2500, status: 'failed' });
    payments.markRefundSent.mockResolvedValueOnce(owing);
    await refunds.send(owing);

    expect(await sample('shop_refunded_minor_total', { currency: 'USD' })).toBe(2500);
  });
});
