import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { PaymentProvider, type RefundResult } from '../payments/payment-provider';
import { PaymentProviderUnavailableError } from '../payments/payments.errors';
import { PaymentMetrics } from '../payments/payments.metrics';
import { type OrderRecord } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderRefundService } from './orders-refund.service';
import { type Payment } from './schemas/order.schema';

jest.mock('./order-payment.repository');
jest.mock('../payments/payments.metrics');

/** A cancelled, paid order that owes `payment.refund`; `payment` fields override it. */
function owing(payment: Partial<Payment> = {}): OrderRecord {
  return {
    _id: new Types.ObjectId('65f0c0ffee0000000000abcd'),
    number: 'ORD-250101-AAAAAAAA',
    status: 'CANCELLED',
    payment: {
      status: 'succeeded',
      providerPaymentId: 'pi_1',
      amount: 2500,
      refund: { status: 'pending', amount: 2500 },
      ...payment,
    },
  } as unknown as OrderRecord;
}

// The abstract provider's methods exist only on the subclasses: given here.
const provider = Object.assign(Object.create(PaymentProvider.prototype) as PaymentProvider, {
  pay: jest.fn(),
  refund: jest.fn(),
  readWebhook: jest.fn(),
});

function setUp() {
  const payments = jest.mocked(new (OrderPaymentRepository as jest.Mock<OrderPaymentRepository>)());
  const metrics = jest.mocked(new (PaymentMetrics as jest.Mock<PaymentMetrics>)());
  return { service: new OrderRefundService(payments, provider, metrics), payments, metrics };
}

const answered = (status: RefundResult['status']) =>
  jest.mocked(provider.refund).mockResolvedValue({ refundId: 're_1', amount: 2500, status });

describe('OrderRefundService', () => {
  beforeEach(() => jest.clearAllMocks());

  it('sends the refund owed for the payment, keyed by the order, and records it done', async () => {
    const { service, payments, metrics } = setUp();
    answered('succeeded');
    const refunded = owing({ status: 'refunded' });
    payments.markRefundSent.mockResolvedValue(refunded);
    const order = owing();

    expect(await service.send(order)).toBe(refunded);

    expect(provider.refund).toHaveBeenCalledWith({
      orderId: '65f0c0ffee0000000000abcd',
      providerPaymentId: 'pi_1',
      amount: 2500,
    });
    expect(payments.markRefundSent).toHaveBeenCalledWith(order, 're_1', 'succeeded');
    expect(metrics.refund).toHaveBeenCalledWith('succeeded');
  });

  it('records a refund the provider is still processing as sent', async () => {
    const { service, payments, metrics } = setUp();
    answered('pending');
    const order = owing();

    await service.send(order);

    expect(payments.markRefundSent).toHaveBeenCalledWith(order, 're_1', 'sent');
    expect(metrics.refund).toHaveBeenCalledWith('succeeded');
  });

  it('records a refund the provider refused as failed, counts it and logs it for a person', async () => {
    const { service, payments, metrics } = setUp();
    answered('failed');
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const order = owing();

    // The record could not be updated (it changed meanwhile): the order is answered as it was.
    payments.markRefundSent.mockResolvedValue(null);
    expect(await service.send(order)).toBe(order);

    expect(payments.markRefundSent).toHaveBeenCalledWith(order, 're_1', 'failed');
    expect(metrics.refund).toHaveBeenCalledWith('failed');
    expect(logged).toHaveBeenCalledWith(expect.objectContaining({ order: 'ORD-250101-AAAAAAAA' }));
    logged.mockRestore();
  });

  it('leaves the refund pending for the sweeper when the provider is down', async () => {
    const { service, payments, metrics } = setUp();
    jest.mocked(provider.refund).mockRejectedValue(new PaymentProviderUnavailableError(5));
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const order = owing();

    expect(await service.send(order)).toBe(order);

    expect(order.payment?.refund?.status).toBe('pending');
    expect(payments.markRefundSent).not.toHaveBeenCalled();
    expect(metrics.refund).not.toHaveBeenCalled();
    expect(warned).toHaveBeenCalled();
    warned.mockRestore();
  });

  it.each([
    ['nothing is owed', owing({ refund: undefined })],
    ['the refund was already sent', owing({ refund: { status: 'sent', amount: 2500 } as Payment['refund'] })],
    ['no provider payment exists to refund', owing({ providerPaymentId: undefined })],
    ['the order has no payment', { ...owing(), payment: undefined } as unknown as OrderRecord],
  ])('sends nothing when %s', async (_, order) => {
    const { service } = setUp();

    expect(await service.send(order)).toBe(order);

    expect(provider.refund).not.toHaveBeenCalled();
  });
});
