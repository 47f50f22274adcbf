import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { type AuthenticatedUser } from '@app/auth';
import { type OrderSettings } from '../order-settings';
import { PaymentEvents } from '../payments/payment-events';
import { type PaymentEvent, PaymentProvider } from '../payments/payment-provider';
import { PaymentProviderUnavailableError } from '../payments/payments.errors';
import { PaymentMetrics } from '../payments/payments.metrics';
import { type OrderRecord } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderMetrics } from './orders.metrics';
import { OrderPaymentService } from './orders-payment.service';
import { OrderRefundService } from './orders-refund.service';
import { OrderStatusService } from './orders-status.service';
import { StockClient } from './stock.client';
import { type OrderStatus, type Payment } from './schemas/order.schema';

jest.mock('./order-payment.repository');
jest.mock('../payments/payment-events');
jest.mock('../payments/payments.metrics');
jest.mock('./orders-status.service');
jest.mock('./orders-refund.service');
jest.mock('./stock.client');
jest.mock('./orders.metrics');

const MAX_ATTEMPTS = 3;
const shopper = { id: 'user-1' } as AuthenticatedUser;
const settings = { requestBudgetMs: 5_000, payments: { maxAttempts: MAX_ATTEMPTS } } as OrderSettings;

/** A stored order as the repository returns it; `payment` fields override the unpaid defaults. */
function order(status: OrderStatus = 'PENDING_PAYMENT', payment: Partial<Payment> = {}): OrderRecord {
  return {
    _id: new Types.ObjectId('65f0c0ffee0000000000abcd'),
    number: 'ORD-250101-AAAAAAAA',
    userId: shopper.id,
    saga: 'COMPLETED',
    status,
    lines: [],
    subtotal: 2500,
    total: 2500,
    currency: 'EUR',
    statusHistory: [],
    shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: 'D', country: 'GB' },
    cartCleared: true,
    createdAt: new Date(),
    updatedAt: new Date(),
    payment: {
      status: 'pending',
      provider: 'sandbox',
      amount: 2500,
      currency: 'EUR',
      refundedAmount: 0,
      deadline: new Date(Date.now() + 60_000),
      attempts: 1,
      declines: 0,
      appliedEvents: [],
      ...payment,
    },
  } as unknown as OrderRecord;
}

// The abstract provider's methods are not auto-mocked (they only exist on the subclasses): given here.
const provider = Object.assign(Object.create(PaymentProvider.prototype) as PaymentProvider, {
  pay: jest.fn(),
  refund: jest.fn(),
  readWebhook: jest.fn(),
});

function setUp() {
  const payments = new (OrderPaymentRepository as jest.Mock<OrderPaymentRepository>)();
  const statuses = new (OrderStatusService as jest.Mock<OrderStatusService>)();
  const refunds = new (OrderRefundService as jest.Mock<OrderRefundService>)();
  const stock = new (StockClient as jest.Mock<StockClient>)();
  const service = new OrderPaymentService(
    payments,
    provider,
    new (PaymentEvents as jest.Mock<PaymentEvents>)(),
    statuses,
    refunds,
    stock,
    new (OrderMetrics as jest.Mock<OrderMetrics>)(),
    new (PaymentMetrics as jest.Mock<PaymentMetrics>)(),
    settings,
  );
  return {
    service,
    payments: jest.mocked(payments),
    statuses: jest.mocked(statuses),
    refunds: jest.mocked(refunds),
    stock: jest.mocked(stock),
  };
}

const id = '65f0c0ffee0000000000abcd';

describe('OrderPaymentService', () => {
  beforeEach(() => jest.clearAllMocks());

  describe('pay', () => {
    it('on success marks the order paid and confirms its reservation', async () => {
      const { service, payments, stock } = setUp();
      const started = order('PENDING_PAYMENT', { attempts: 1 });
      const paid = order('CONFIRMED', { status: 'succeeded', providerPaymentId: 'pi_1' });
      payments.startAttempt.mockResolvedValue(started);
      jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
      payments.markPaid.mockResolvedValue(paid);
      payments.findById.mockResolvedValue(paid);
      stock.confirm.mockResolvedValue('CONFIRMED');

      const answer = await service.pay(shopper, id, 'pm_card_visa');

      expect(provider.pay).toHaveBeenCalledWith({
        orderId: id,
        amount: 2500, // the stored total, never a client value
        currency: 'EUR',
        paymentMethod: 'pm_card_visa',
        attempt: 1,
        providerPaymentId: undefined,
      });
      expect(payments.markPaid).toHaveBeenCalledWith(started._id, 'pi_1');
      expect(stock.confirm).toHaveBeenCalledWith(id);
      expect(payments.markReservationConfirmed).toHaveBeenCalledWith(started._id);
      expect(payments.recordAttempt).not.toHaveBeenCalled();
      expect(answer).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    });

    it('on success for an order cancelled meanwhile owes the money back and sends the refund', async () => {
      const { service, payments, refunds, stock } = setUp();
      const cancelled = order('CANCELLED');
      const owing = order('CANCELLED', { status: 'succeeded', refund: { status: 'pending', amount: 2500 } as never });
      const refunded = order('CANCELLED', { status: 'refunded', refundedAmount: 2500 });
      payments.startAttempt.mockResolvedValue(order());
      jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
      payments.markPaid.mockResolvedValue(null);
      payments.findById.mockResolvedValue(cancelled);
      payments.oweRefundForLatePayment.mockResolvedValue(owing);
      refunds.send.mockResolvedValue(refunded);

      const answer = await service.pay(shopper, id, 'pm_card_visa');

      expect(payments.oweRefundForLatePayment).toHaveBeenCalledWith(cancelled, 'pi_1', expect.any(Date));
      expect(refunds.send).toHaveBeenCalledWith(owing);
      expect(stock.confirm).not.toHaveBeenCalled();
      expect(answer.order).toMatchObject({
        status: 'CANCELLED',
        payment: { status: 'refunded', refundedAmount: 2500 },
      });
    });

    it('on success for an order already paid (the webhook came first) changes nothing more', async () => {
      const { service, payments, refunds, stock } = setUp();
      payments.startAttempt.mockResolvedValue(order());
      jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
      payments.markPaid.mockResolvedValue(null);
      payments.findById.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));

      const answer = await service.pay(shopper, id, 'pm_card_visa');

      expect(answer).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      expect(stock.confirm).not.toHaveBeenCalled();
      expect(payments.oweRefundForLatePayment).not.toHaveBeenCalled();
      expect(refunds.send).not.toHaveBeenCalled();
    });

    it('on a decline below PAYMENT_MAX_ATTEMPTS records it and keeps the order waiting', async () => {
      const { service, payments, statuses } = setUp();
      payments.startAttempt.mockResolvedValue(order('PENDING_PAYMENT', { attempts: 2 }));
      jest
        .mocked(provider.pay)
        .mockResolvedValue({ providerPaymentId: 'pi_1', status: 'failed', failureCode: 'insufficient_funds' });
      const recorded = order('PENDING_PAYMENT', { attempts: 2, declines: MAX_ATTEMPTS - 1, status: 'failed' });
      payments.recordAttempt.mockResolvedValue(recorded);

      const answer = await service.pay(shopper, id, 'pm_card_chargeDeclinedInsufficientFunds');

      expect(payments.recordAttempt).toHaveBeenCalledWith(recorded._id, 2, {
        status: 'failed',
        providerPaymentId: 'pi_1',
        failureCode: 'insufficient_funds',
      });
      expect(payments.cancelUnpaid).not.toHaveBeenCalled();
      expect(statuses.releaseStock).not.toHaveBeenCalled();
      expect(answer).toMatchObject({
        status: 'failed',
        failureCode: 'insufficient_funds',
        order: { status: 'PENDING_PAYMENT' },
      });
    });

    it('at the PAYMENT_MAX_ATTEMPTS-th decline cancels the order (PAYMENT_FAILED) and releases its stock', async () => {
      const { service, payments, statuses } = setUp();
      payments.startAttempt.mockResolvedValue(order('PENDING_PAYMENT', { attempts: 4 }));
      jest
        .mocked(provider.pay)
        .mockResolvedValue({ providerPaymentId: 'pi_1', status: 'failed', failureCode: 'generic_decline' });
      // Four attempts (one of them a refused method), three of them declined: the third decline is the last.
      payments.recordAttempt.mockResolvedValue(order('PENDING_PAYMENT', { attempts: 4, declines: MAX_ATTEMPTS }));
      const cancelled = order('CANCELLED', { status: 'failed' });
      payments.cancelUnpaid.mockResolvedValue(cancelled);
      statuses.releaseStock.mockResolvedValue(true);

      const answer = await service.pay(shopper, id, 'pm_card_chargeDeclined');

      expect(payments.cancelUnpaid).toHaveBeenCalledWith(cancelled._id, 'PAYMENT_FAILED');
      expect(statuses.releaseStock).toHaveBeenCalledWith(cancelled);
      expect(answer).toMatchObject({ status: 'failed', order: { status: 'CANCELLED' } });
    });

    it('counts declines, not attempts: many attempts with few declines leave the order waiting', async () => {
      const { service, payments } = setUp();
      payments.startAttempt.mockResolvedValue(order('PENDING_PAYMENT', { attempts: MAX_ATTEMPTS + 2 }));
      jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'failed', failureCode: 'x' });
      payments.recordAttempt.mockResolvedValue(order('PENDING_PAYMENT', { attempts: MAX_ATTEMPTS + 2, declines: 1 }));

      await service.pay(shopper, id, 'pm_card_chargeDeclined');

      expect(payments.cancelUnpaid).not.toHaveBeenCalled();
    });

    it('when the provider fails, abandons the attempt (the next may start at once) and rethrows', async () => {
      const { service, payments } = setUp();
      const started = order('PENDING_PAYMENT', { attempts: 3 });
      payments.startAttempt.mockResolvedValue(started);
      const outage = new PaymentProviderUnavailableError(5);
      jest.mocked(provider.pay).mockRejectedValue(outage);

      await expect(service.pay(shopper, id, 'pm_card_visa')).rejects.toBe(outage);

      expect(payments.abandonAttempt).toHaveBeenCalledWith(started._id, 3);
      expect(payments.recordAttempt).not.toHaveBeenCalled();
      expect(payments.markPaid).not.toHaveBeenCalled();
    });

    it("answers an order already paid with `succeeded` without charging, and another shopper's with 404", async () => {
      const { service, payments } = setUp();
      payments.startAttempt.mockResolvedValue(null);
      payments.findById.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));

      await expect(service.pay(shopper, id, 'pm_card_visa')).resolves.toMatchObject({ status: 'succeeded' });
      await expect(service.pay({ id: 'someone-else' } as AuthenticatedUser, id, 'pm_card_visa')).rejects.toMatchObject({
        code: 'ORDER_NOT_FOUND',
      });
      expect(provider.pay).not.toHaveBeenCalled();
    });

    it('refuses to pay a cancelled order, even one paid and refunded, rather than answer `succeeded`', async () => {
      const { service, payments } = setUp();
      payments.startAttempt.mockResolvedValue(null);
      payments.findById.mockResolvedValue(order('CANCELLED', { status: 'refunded' }));

      await expect(service.pay(shopper, id, 'pm_card_visa')).rejects.toMatchObject({
        code: 'ORDER_NOT_PAYABLE',
        extensions: { orderStatus: 'CANCELLED' },
      });
      expect(provider.pay).not.toHaveBeenCalled();
    });
  });

  describe('apply (provider events)', () => {
    const succeeded: PaymentEvent = {
      id: 'evt_1',
      type: 'payment.succeeded',
      orderId: id,
      providerPaymentId: 'pi_1',
      amount: 2500,
    };

    it('applies an event once and remembers it', async () => {
      const { service, payments, stock } = setUp();
      const paid = order('CONFIRMED', { status: 'succeeded' });
      payments.findById.mockResolvedValue(order());
      payments.markPaid.mockResolvedValue(paid);
      stock.confirm.mockResolvedValue('CONFIRMED');
      payments.markEventApplied.mockResolvedValue(true);

      expect(await service.apply(succeeded)).toBe('applied');

      expect(payments.markPaid).toHaveBeenCalledWith(paid._id, 'pi_1');
      expect(payments.markEventApplied).toHaveBeenCalledWith(paid._id, 'evt_1');
    });

    it('ignores an event already applied (a redelivery) without touching the order', async () => {
      const { service, payments } = setUp();
      payments.findById.mockResolvedValue(order('CONFIRMED', { status: 'succeeded', appliedEvents: ['evt_1'] }));

      expect(await service.apply(succeeded)).toBe('ignored');

      expect(payments.markPaid).not.toHaveBeenCalled();
      expect(payments.markEventApplied).not.toHaveBeenCalled();
    });

    it('ignores an event for an order it does not know', async () => {
      const { service, payments } = setUp();
      payments.findById.mockResolvedValue(null);

      expect(await service.apply({ ...succeeded, orderId: '65f0c0ffee0000000000ffff' })).toBe('ignored');

      expect(payments.markPaid).not.toHaveBeenCalled();
      expect(payments.markEventApplied).not.toHaveBeenCalled();
    });

    it('answers `ignored` when a concurrent delivery of the same event recorded it first', async () => {
      const { service, payments } = setUp();
      payments.findById.mockResolvedValue(order());
      payments.markPaid.mockResolvedValue(null);
      payments.markEventApplied.mockResolvedValue(false);

      expect(await service.apply(succeeded)).toBe('ignored');
    });

    it('a failure cancels the order when it is the last decline allowed, unless an attempt is with the provider', async () => {
      const { service, payments, statuses } = setUp();
      const failed: PaymentEvent = {
        id: 'evt_2',
        type: 'payment.failed',
        orderId: id,
        providerPaymentId: 'pi_1',
        failureCode: 'x',
      };
      payments.findById.mockResolvedValue(order('PENDING_PAYMENT', { status: 'requires_action' }));
      payments.markEventApplied.mockResolvedValue(true);
      payments.cancelUnpaid.mockResolvedValue(order('CANCELLED'));

      payments.recordFailure.mockResolvedValueOnce(
        order('PENDING_PAYMENT', { declines: MAX_ATTEMPTS, attemptStartedAt: new Date() }),
      );
      await service.apply(failed);
      expect(payments.cancelUnpaid).not.toHaveBeenCalled();

      payments.recordFailure.mockResolvedValueOnce(order('PENDING_PAYMENT', { declines: MAX_ATTEMPTS }));
      await service.apply({ ...failed, id: 'evt_3' });
      expect(payments.cancelUnpaid).toHaveBeenCalledWith(expect.any(Types.ObjectId), 'PAYMENT_FAILED');
      expect(statuses.releaseStock).toHaveBeenCalledTimes(1);
    });

    it('records a refund the provider reports', async () => {
      const { service, payments } = setUp();
      payments.findById.mockResolvedValue(order('CANCELLED', { status: 'succeeded' }));
      payments.markEventApplied.mockResolvedValue(true);

      await service.apply({
        id: 'evt_4',
        type: 'payment.refunded',
        orderId: id,
        providerPaymentId: 'pi_1',
        amountRefunded: 2500,
      });

      expect(payments.recordRefunded).toHaveBeenCalledWith(expect.any(Types.ObjectId), 2500);
    });
  });
});

describe('OrderPaymentService edge cases', () => {
  beforeEach(() => jest.clearAllMocks());

  const failedAttempt = (providerPaymentId: string) =>
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId, status: 'failed', failureCode: 'card_declined' });

  it('never confirms an order on a success event whose amount is not the order total', async () => {
    const { service, payments } = setUp();
    payments.findById.mockResolvedValue(order());
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    const answer = await service.apply({
      id: 'evt_9',
      type: 'payment.succeeded',
      orderId: id,
      providerPaymentId: 'pi_1',
      amount: 1,
    });

    expect(answer).toBe('ignored');
    expect(payments.markPaid).not.toHaveBeenCalled();
    expect(payments.markEventApplied).not.toHaveBeenCalled();
    // For a person to look at: a provider-side change nobody here made.
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ order: 'ORD-250101-AAAAAAAA' }));
    logged.mockRestore();
  });

  it('records a decline that came before any provider payment existed without a provider payment id', async () => {
    const { service, payments } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    failedAttempt('');
    payments.recordAttempt.mockResolvedValue(order('PENDING_PAYMENT', { declines: 1 }));

    await service.pay(shopper, id, 'pm_card_visa');

    expect(payments.recordAttempt).toHaveBeenCalledWith(expect.any(Types.ObjectId), 1, {
      status: 'failed',
      providerPaymentId: undefined,
      failureCode: 'card_declined',
    });
  });

  it('answers with the order as it now stands when the attempt was overtaken (e.g. by the webhook)', async () => {
    const { service, payments } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'processing' });
    payments.recordAttempt.mockResolvedValue(null);
    payments.findById.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    expect(answer).toMatchObject({ status: 'processing', order: { status: 'CONFIRMED' } });
    expect(payments.cancelUnpaid).not.toHaveBeenCalled();
  });

  it('answers with the order as started when it can no longer be read back', async () => {
    const { service, payments } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    failedAttempt('pi_1');
    payments.recordAttempt.mockResolvedValue(null);
    payments.findById.mockResolvedValue(null);

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    // A decline that could not be recorded cancels nothing.
    expect(payments.cancelUnpaid).not.toHaveBeenCalled();
    expect(answer).toMatchObject({ status: 'failed', order: { status: 'PENDING_PAYMENT' } });
  });

  it('answers a success with the confirmed order and its reservation confirmed, without reading it back', async () => {
    const { service, payments, stock } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
    payments.markPaid.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));
    stock.confirm.mockResolvedValue('CONFIRMED');
    payments.markReservationConfirmed.mockResolvedValue(order('CONFIRMED', { status: 'succeeded' }));
    payments.findById.mockResolvedValue(null);

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    expect(answer).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect(payments.findById).not.toHaveBeenCalled();
  });

  it('answers a success for an order that vanished meanwhile with the order as started, refunding nothing', async () => {
    const { service, payments, refunds } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
    payments.markPaid.mockResolvedValue(null);
    payments.findById.mockResolvedValue(null);

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    expect(answer).toMatchObject({ status: 'succeeded', order: { status: 'PENDING_PAYMENT' } });
    expect(refunds.send).not.toHaveBeenCalled();
  });

  it('keeps the money of a late payment when nothing is owed any more (already refunded)', async () => {
    const { service, payments, refunds } = setUp();
    const cancelled = order('CANCELLED', { status: 'refunded' });
    payments.startAttempt.mockResolvedValue(order());
    jest.mocked(provider.pay).mockResolvedValue({ providerPaymentId: 'pi_1', status: 'succeeded' });
    payments.markPaid.mockResolvedValue(null);
    payments.findById.mockResolvedValue(cancelled);
    payments.oweRefundForLatePayment.mockResolvedValue(null);

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    expect(refunds.send).not.toHaveBeenCalled();
    expect(answer.order).toMatchObject({ status: 'CANCELLED' });
  });

  it('counts a payment without recorded declines as none declined', async () => {
    const { service, payments } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    failedAttempt('pi_1');
    payments.recordAttempt.mockResolvedValue(order('PENDING_PAYMENT', { declines: undefined }));

    await service.pay(shopper, id, 'pm_card_visa');

    expect(payments.cancelUnpaid).not.toHaveBeenCalled();
  });

  it('leaves the order as it is when the last decline could not cancel it (it moved on meanwhile)', async () => {
    const { service, payments, statuses } = setUp();
    payments.startAttempt.mockResolvedValue(order());
    failedAttempt('pi_1');
    payments.recordAttempt.mockResolvedValue(order('PENDING_PAYMENT', { declines: MAX_ATTEMPTS }));
    payments.cancelUnpaid.mockResolvedValue(null);

    const answer = await service.pay(shopper, id, 'pm_card_visa');

    expect(statuses.releaseStock).not.toHaveBeenCalled();
    expect(answer).toMatchObject({ status: 'failed', order: { status: 'PENDING_PAYMENT' } });
  });

  describe('expire', () => {
    it('cancels an unpaid order past its deadline and releases its stock', async () => {
      const { service, payments, statuses } = setUp();
      const cancelled = order('CANCELLED');
      payments.cancelUnpaid.mockResolvedValue(cancelled);
      const now = new Date('2026-01-01T12:00:00Z');

      expect(await service.expire(order(), now)).toBe(true);

      // An attempt started within twice the request budget (5 s) may still be answered: not cancelled under it.
      expect(payments.cancelUnpaid).toHaveBeenCalledWith(cancelled._id, 'PAYMENT_EXPIRED', {
        now,
        staleBefore: new Date('2026-01-01T11:59:50Z'),
      });
      expect(statuses.releaseStock).toHaveBeenCalledWith(cancelled);
    });

    it('does nothing when the order was paid or cancelled meanwhile', async () => {
      const { service, payments, statuses } = setUp();
      payments.cancelUnpaid.mockResolvedValue(null);

      expect(await service.expire(order(), new Date())).toBe(false);

      expect(statuses.releaseStock).not.toHaveBeenCalled();
    });
  });
});
