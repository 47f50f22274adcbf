import { type Model, Types } from 'mongoose';
import { type OrderRecord } from './order.view';
import { OutboxSignal } from '../events/outbox-signal';
import { OrderPaymentRepository } from './order-payment.repository';
import { type OrderDocument } from './schemas/order.schema';

/**
 * The conditional writes as sent to MongoDB: which fields an outcome sets, and which it leaves alone. How they
 * race on a real database is covered by the order e2e tests.
 */
function setUp(...results: (OrderRecord | null)[]) {
  const answers = [...results];
  // The arguments are what the tests inspect, through the mock's calls.
  const chain = (..._args: unknown[]) => ({ lean: () => ({ exec: () => Promise.resolve(answers.shift() ?? null) }) });
  const orders = { findById: jest.fn(chain), findOneAndUpdate: jest.fn(chain) };
  const repository = new OrderPaymentRepository(orders as unknown as Model<OrderDocument>, new OutboxSignal());
  return { repository, orders };
}

const id = new Types.ObjectId('65f0c0ffee0000000000abcd');
const record = (payment?: Partial<NonNullable<OrderRecord['payment']>>): OrderRecord =>
  ({ _id: id, status: 'CANCELLED', ...(payment ? { payment } : {}) }) as unknown as OrderRecord;

describe('OrderPaymentRepository', () => {
  it('finds nothing for an id that is not an ObjectId, without asking the database', async () => {
    const { repository, orders } = setUp();

    expect(await repository.findById('not-an-id')).toBeNull();

    expect(orders.findById).not.toHaveBeenCalled();
  });

  it('records a requires_action attempt without touching the payment id, failure code or decline count', async () => {
    const { repository, orders } = setUp();

    await repository.recordAttempt(id, 2, { status: 'requires_action' });

    expect(orders.findOneAndUpdate).toHaveBeenCalledWith(
      { _id: id, status: 'PENDING_PAYMENT', 'payment.attempts': 2 },
      { $set: { 'payment.status': 'requires_action' }, $unset: { 'payment.attemptStartedAt': 1 } },
      { returnDocument: 'after' },
    );
  });

  it('owes back nothing more than was paid for a late payment of an order without a payment record', async () => {
    const { repository, orders } = setUp();
    const now = new Date();

    await repository.oweRefundForLatePayment(record(), 'pi_1', now);

    const update = orders.findOneAndUpdate.mock.calls[0][1] as { $set: Record<string, unknown> };
    expect(update.$set['payment.refund']).toEqual({ status: 'pending', amount: 0, requestedAt: now });
  });

  it.each(['sent', 'failed'] as const)('records a %s refund without counting any money as refunded', async (status) => {
    const { repository, orders } = setUp();

    await repository.markRefundSent(record({ amount: 2500 }), 're_1', status);

    expect(orders.findOneAndUpdate).toHaveBeenCalledWith(
      { _id: id, 'payment.refund.status': 'pending' },
      { $set: { 'payment.refund.status': status, 'payment.refund.refundId': 're_1' } },
      { returnDocument: 'after' },
    );
  });

  it('counts a succeeded refund of an order whose refund record vanished as nothing refunded', async () => {
    const { repository, orders } = setUp();

    await repository.markRefundSent(record({ amount: 2500 }), 're_1', 'succeeded');

    expect(orders.findOneAndUpdate.mock.calls[0][1]).toMatchObject({
      $set: { 'payment.status': 'refunded' },
      $max: { 'payment.refundedAmount': 0 },
    });
  });

  describe('recordRefunded', () => {
    it('marks the payment refunded once the whole amount is back, recording payment.refunded in the same write', async () => {
      const refunded = record({ status: 'refunded', amount: 2500, refundedAmount: 2500 });
      const { repository, orders } = setUp(
        record({ status: 'succeeded', amount: 2500, refundedAmount: 2500 }),
        refunded,
      );

      expect(await repository.recordRefunded(id, 2500)).toBe(refunded);

      expect(orders.findOneAndUpdate).toHaveBeenLastCalledWith(
        { _id: id, 'payment.status': 'succeeded' },
        {
          $set: { 'payment.status': 'refunded' },
          $push: {
            outbox: expect.objectContaining({ id: `${id.toHexString()}:payment.refunded`, refundedAmount: 2500 }),
          },
        },
        { returnDocument: 'after' },
      );
    });

    it.each([
      ['a partial refund', record({ status: 'succeeded', amount: 2500, refundedAmount: 1000 })],
      ['a payment already marked refunded', record({ status: 'refunded', amount: 2500, refundedAmount: 2500 })],
      ['an order without a paid payment', null],
    ])('changes no status for %s', async (_, found) => {
      const { repository, orders } = setUp(found);

      expect(await repository.recordRefunded(id, 1000)).toBe(found);

      expect(orders.findOneAndUpdate).toHaveBeenCalledTimes(1);
    });
  });
});
