import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { outboxEntry } from '../events/order-events';
import { OutboxSignal } from '../events/outbox-signal';
import { type PaymentAttemptStatus } from '../payments/payment-provider';
import { type OrderRecord } from './order.view';
import { change, type OrderScope, SYSTEM_ACTOR } from './order.repository';
import { Order, type OrderDocument } from './schemas/order.schema';

const AFTER = { returnDocument: 'after' } as const;
/** Provider event ids remembered per order: far more than one order ever receives. */
const APPLIED_EVENTS_KEPT = 50;

/**
 * The payment part of the Order aggregate (docs/decisions/0014-payments.md). Every write is conditional on the
 * state it expects, so the synchronous answer, a webhook delivered before, after or twice, the sweeper and a
 * cancellation can race in any order and the order still moves once: paid at most once, refunded at most once.
 */
@Injectable()
export class OrderPaymentRepository {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<OrderDocument>,
    private readonly outbox: OutboxSignal,
  ) {}

  findById(id: string): Promise<OrderRecord | null> {
    if (!Types.ObjectId.isValid(id)) return Promise.resolve(null);
    return this.orders.findById(id).lean<OrderRecord>().exec();
  }

  /**
   * Starts attempt n+1 on an unpaid order before its deadline, unless another attempt is with the provider
   * (one started after `staleBefore`); null when the order cannot start one now.
   */
  startAttempt(scope: OrderScope, now: Date, staleBefore: Date): Promise<OrderRecord | null> {
    return this.orders
      .findOneAndUpdate(
        {
          ...scope,
          saga: 'COMPLETED',
          status: 'PENDING_PAYMENT',
          'payment.deadline': { $gt: now },
          'payment.attemptStartedAt': { $not: { $gt: staleBefore } },
        },
        { $inc: { 'payment.attempts': 1 }, $set: { 'payment.attemptStartedAt': now } },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
  }

  /** Records what attempt `attempt` came to, unless the order was paid or moved on meanwhile. */
  async recordAttempt(
    id: Types.ObjectId,
    attempt: number,
    outcome: { status: Exclude<PaymentAttemptStatus, 'succeeded'>; providerPaymentId?: string; failureCode?: string },
  ): Promise<OrderRecord | null> {
    const set: Record<string, unknown> = { 'payment.status': outcome.status };
    if (outcome.providerPaymentId) set['payment.providerPaymentId'] = outcome.providerPaymentId;
    if (outcome.failureCode) set['payment.failureCode'] = outcome.failureCode;
    return this.orders
      .findOneAndUpdate(
        { _id: id, status: 'PENDING_PAYMENT', 'payment.attempts': attempt },
        {
          $set: set,
          $unset: { 'payment.attemptStartedAt': 1 },
          ...(outcome.status === 'failed' ? { $inc: { 'payment.declines': 1 } } : {}),
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
  }

  /** Ends an attempt the provider never answered (unreachable, unknown method): the next may start at once. */
  async abandonAttempt(id: Types.ObjectId, attempt: number): Promise<void> {
    await this.orders
      .updateOne({ _id: id, 'payment.attempts': attempt }, { $unset: { 'payment.attemptStartedAt': 1 } })
      .exec();
  }

  /**
   * A failure the provider reported asynchronously: recorded on an order still waiting for its money. It is a
   * decline of its own only when it ends an attempt whose answer was `requires_action` or `processing`; the
   * decline of an attempt answered `failed`, or of one still with the provider, is counted by that answer.
   */
  async recordFailure(id: Types.ObjectId, failureCode: string): Promise<OrderRecord | null> {
    const set = { $set: { 'payment.status': 'failed', 'payment.failureCode': failureCode } };
    const ended = await this.orders
      .findOneAndUpdate(
        {
          _id: id,
          status: 'PENDING_PAYMENT',
          'payment.status': { $in: ['requires_action', 'processing'] },
          'payment.attemptStartedAt': { $exists: false },
        },
        { ...set, $inc: { 'payment.declines': 1 } },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
    if (ended) return ended;
    return this.orders
      .findOneAndUpdate({ _id: id, status: 'PENDING_PAYMENT', 'payment.status': { $ne: 'succeeded' } }, set, AFTER)
      .lean<OrderRecord>()
      .exec();
  }

  /** PENDING_PAYMENT → CONFIRMED: the money is in; the reservation is confirmed next. Null if not unpaid. */
  async markPaid(id: Types.ObjectId, providerPaymentId: string): Promise<OrderRecord | null> {
    const paid = outboxEntry(id, 'order.paid', { status: 'CONFIRMED', paid: true });
    const order = await this.orders
      .findOneAndUpdate(
        { _id: id, saga: 'COMPLETED', status: 'PENDING_PAYMENT' },
        {
          $set: {
            status: 'CONFIRMED',
            reservationConfirmed: false,
            'payment.status': 'succeeded',
            'payment.providerPaymentId': providerPaymentId,
          },
          $unset: { 'payment.attemptStartedAt': 1, 'payment.failureCode': 1 },
          $push: { statusHistory: change('CONFIRMED', SYSTEM_ACTOR, 'PAYMENT_SUCCEEDED'), outbox: paid },
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
    return this.recorded(order);
  }

  /**
   * A payment that succeeded for an order already cancelled (it expired, or the shopper cancelled while the
   * bank was still deciding): the money goes back. Owed once; null when a refund is already owed or made.
   */
  oweRefundForLatePayment(order: OrderRecord, providerPaymentId: string, now: Date): Promise<OrderRecord | null> {
    const amount = order.payment?.amount ?? 0;
    return this.orders
      .findOneAndUpdate(
        { _id: order._id, status: 'CANCELLED', 'payment.refund': { $exists: false } },
        {
          $set: {
            'payment.status': 'succeeded',
            'payment.providerPaymentId': providerPaymentId,
            'payment.refund': { status: 'pending', amount, requestedAt: now },
          },
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
  }

  /**
   * PENDING_PAYMENT → CANCELLED with PAYMENT_FAILED or PAYMENT_EXPIRED, owing the stock back. With `due`, only
   * once the deadline has passed and no attempt is with the provider; null when the order moved meanwhile.
   */
  async cancelUnpaid(
    id: Types.ObjectId,
    reason: 'PAYMENT_FAILED' | 'PAYMENT_EXPIRED',
    due?: { now: Date; staleBefore: Date },
  ): Promise<OrderRecord | null> {
    const cancelled = outboxEntry(id, 'order.cancelled', {
      status: 'CANCELLED',
      paid: false,
      reason,
      cancelledBy: 'system',
    });
    const when = due
      ? { 'payment.deadline': { $lte: due.now }, 'payment.attemptStartedAt': { $not: { $gt: due.staleBefore } } }
      : {};
    const order = await this.orders
      .findOneAndUpdate(
        { _id: id, status: 'PENDING_PAYMENT', 'payment.status': { $ne: 'succeeded' }, ...when },
        {
          $set: { status: 'CANCELLED', stockReleased: false },
          $unset: { 'payment.attemptStartedAt': 1 },
          $push: { statusHistory: change('CANCELLED', SYSTEM_ACTOR, reason), outbox: cancelled },
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
    return this.recorded(order);
  }

  /** The provider took (or refused) the refund owed; a succeeded one counts as refunded money. */
  async markRefundSent(
    order: OrderRecord,
    refundId: string,
    status: 'sent' | 'succeeded' | 'failed',
  ): Promise<OrderRecord | null> {
    const amount = order.payment?.refund?.amount ?? 0;
    const succeeded = status === 'succeeded';
    const update: Record<string, unknown> = {
      $set: {
        'payment.refund.status': status,
        'payment.refund.refundId': refundId,
        ...(succeeded ? { 'payment.status': 'refunded' } : {}),
      },
      ...(succeeded ? { $max: { 'payment.refundedAmount': amount } } : {}),
      ...(succeeded ? { $push: { outbox: refunded(order, amount) } } : {}),
    };
    const updated = await this.orders
      .findOneAndUpdate({ _id: order._id, 'payment.refund.status': 'pending' }, update, AFTER)
      .lean<OrderRecord>()
      .exec();
    return succeeded ? this.recorded(updated) : updated;
  }

  /** The provider says this much of the payment has been refunded in all (a webhook, possibly a late one). */
  async recordRefunded(id: Types.ObjectId, amountRefunded: number): Promise<OrderRecord | null> {
    const order = await this.orders
      .findOneAndUpdate(
        { _id: id, 'payment.status': { $in: ['succeeded', 'refunded'] } },
        { $max: { 'payment.refundedAmount': amountRefunded } },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
    const payment = order?.payment;
    if (!payment || payment.status === 'refunded' || payment.refundedAmount < payment.amount) return order;
    const update = {
      $set: { 'payment.status': 'refunded' },
      $push: { outbox: refunded(order, payment.refundedAmount) },
    };
    const updated = await this.orders
      .findOneAndUpdate({ _id: id, 'payment.status': 'succeeded' }, update, AFTER)
      .lean<OrderRecord>()
      .exec();
    return this.recorded(updated);
  }

  /** Wakes the relay after a write that recorded an event. */
  private recorded(order: OrderRecord | null): OrderRecord | null {
    if (order) this.outbox.recorded();
    return order;
  }

  /** Remembers that a provider event was applied; false when it already had been (a redelivery). */
  async markEventApplied(id: Types.ObjectId, eventId: string): Promise<boolean> {
    const result = await this.orders
      .updateOne(
        { _id: id, 'payment.appliedEvents': { $ne: eventId } },
        { $push: { 'payment.appliedEvents': { $each: [eventId], $slice: -APPLIED_EVENTS_KEPT } } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** The order with its reservation confirmed; null when that was already recorded. */
  markReservationConfirmed(id: Types.ObjectId): Promise<OrderRecord | null> {
    return this.orders
      .findOneAndUpdate({ _id: id, reservationConfirmed: false }, { $set: { reservationConfirmed: true } }, AFTER)
      .lean<OrderRecord>()
      .exec();
  }

  /** Unpaid orders past their deadline with no attempt in flight: the sweeper cancels them. */
  findOverdue(now: Date, staleBefore: Date, limit: number): Promise<OrderRecord[]> {
    return this.orders
      .find({
        status: 'PENDING_PAYMENT',
        saga: 'COMPLETED',
        'payment.deadline': { $lte: now },
        'payment.attemptStartedAt': { $not: { $gt: staleBefore } },
      })
      .limit(limit)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Orders still unpaid this long after their deadline: none when the sweeper works (an alert watches it). */
  countOverdue(before: Date): Promise<number> {
    return this.orders.countDocuments({ status: 'PENDING_PAYMENT', 'payment.deadline': { $lte: before } }).exec();
  }

  /** Paid orders whose reservation product-service has not confirmed yet; a cancelled order has none to confirm. */
  findUnconfirmedReservations(limit: number): Promise<OrderRecord[]> {
    return this.orders
      .find({ reservationConfirmed: false, status: { $ne: 'CANCELLED' } })
      .limit(limit)
      .lean<OrderRecord[]>()
      .exec();
  }

  findRefundsOwed(limit: number): Promise<OrderRecord[]> {
    return this.orders.find({ 'payment.refund.status': 'pending' }).limit(limit).lean<OrderRecord[]>().exec();
  }
}

/** payment.refunded: recorded by whichever of the provider's answer and its webhook marks the money back first. */
const refunded = (order: OrderRecord, refundedAmount: number) =>
  outboxEntry(order._id, 'payment.refunded', { status: order.status, paid: true, refundedAmount });
