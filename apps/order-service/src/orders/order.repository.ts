import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { isDuplicateKeyError } from '@app/database';
import { type PageWindow } from '@app/pagination';
import { outboxEntry } from '../events/order-events';
import { OutboxSignal } from '../events/outbox-signal';
import { type OrderRecord } from './order.view';
import { newOrderNumber } from './order-number';
import { type PricedOrder } from './price-order';
import {
  Order,
  type OrderDocument,
  type OrderStatus,
  type Refund,
  type SagaState,
  type ShippingAddress,
  type StatusChange,
  VISIBLE_SAGA_STATES,
} from './schemas/order.schema';

export interface ClaimInput {
  userId: string;
  idempotencyKey: string;
  requestHash: string;
  shippingAddress: ShippingAddress;
}

/** Which visible orders a list shows; every field narrows it. */
export interface OrderCriteria {
  userId?: string;
  status?: OrderStatus;
  number?: string;
}

/** One order as a shopper (their own) or an admin (`userId` absent) may see it. */
export interface OrderScope {
  _id: string;
  userId?: string;
}

const AFTER = { returnDocument: 'after' } as const;
const UNFINISHED_SAGAS: SagaState[] = ['CLAIMED', 'STORED', 'ROLLING_BACK'];

/**
 * The only class that touches the orders collection. Every write is conditional on the state it expects (the
 * saga state, the status it moves from), so a live saga, a repeated request, a concurrent status change and the
 * sweeper can never both move one order: no transactions needed, and stock is never reserved or released twice.
 */
@Injectable()
export class OrderRepository {
  constructor(
    @InjectModel(Order.name) private readonly orders: Model<OrderDocument>,
    private readonly outbox: OutboxSignal,
  ) {}

  /** Records the Idempotency-Key before anything else; undefined when this user already used the key. */
  async claim(input: ClaimInput): Promise<OrderRecord | undefined> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const created = await this.orders.create({ ...input, number: newOrderNumber(), saga: 'CLAIMED' });
        return created.toObject() as OrderRecord;
      } catch (error) {
        // A used key means the request was already claimed; a clash on the random order number is redrawn.
        if (isDuplicateKeyError(error, 'idempotencyKey')) return undefined;
        if (!isDuplicateKeyError(error, 'number')) throw error;
      }
    }
    throw new Error('could not draw a unique order number in 5 attempts');
  }

  findByKey(userId: string, idempotencyKey: string): Promise<OrderRecord | null> {
    return this.orders.findOne({ userId, idempotencyKey }).lean<OrderRecord>().exec();
  }

  /** CLAIMED → STORED: lines and totals from the reservation, status PENDING_PAYMENT with what is owed. */
  async store(id: Types.ObjectId, priced: PricedOrder, by: string, payment: NewPayment): Promise<OrderRecord | null> {
    const lines = priced.lines.map((line) => ({ ...line, productId: new Types.ObjectId(line.productId) }));
    const { subtotal, total, currency } = priced;
    const owed = {
      ...payment,
      status: 'pending',
      amount: total,
      currency,
      refundedAmount: 0,
      attempts: 0,
      declines: 0,
    };
    // order.placed is published only once the saga completes (OutboxRepository): a rolled-back order never was.
    const placed = outboxEntry(id, 'order.placed', { status: 'PENDING_PAYMENT', paid: false });
    return this.orders
      .findOneAndUpdate(
        { _id: id, saga: 'CLAIMED' },
        {
          $set: { saga: 'STORED', status: 'PENDING_PAYMENT', lines, subtotal, total, currency, payment: owed },
          $push: { statusHistory: change('PENDING_PAYMENT', by), outbox: placed },
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
  }

  /** STORED → COMPLETED: the placement is over and the order waits for its payment; null if it moved meanwhile. */
  async complete(id: Types.ObjectId): Promise<OrderRecord | null> {
    const completed = await this.orders
      .findOneAndUpdate({ _id: id, saga: 'STORED', status: 'PENDING_PAYMENT' }, { $set: { saga: 'COMPLETED' } }, AFTER)
      .lean<OrderRecord>()
      .exec();
    if (completed) this.outbox.recorded();
    return completed;
  }

  /**
   * Hands the order to the rollback (release its stock, then delete it). With `unchangedSince`, only if
   * nobody touched it since it was read: how a recovery avoids taking over a saga that is merely slow.
   */
  async beginRollback(id: Types.ObjectId, from: SagaState, unchangedSince?: Date): Promise<boolean> {
    if (from === 'ROLLING_BACK') return true;
    const filter: Record<string, unknown> = { _id: id, saga: from };
    if (from === 'STORED') filter.status = 'PENDING_PAYMENT';
    if (unchangedSince) filter.updatedAt = unchangedSince;
    const result = await this.orders.updateOne(filter, { $set: { saga: 'ROLLING_BACK' } }).exec();
    return result.modifiedCount === 1;
  }

  /** Deletes an order that never completed, which frees its Idempotency-Key for a retry. */
  async remove(id: Types.ObjectId, saga: SagaState): Promise<void> {
    await this.orders.deleteOne({ _id: id, saga }).exec();
  }

  /** Sagas nobody has moved for a while: their process died, or their rollback could not reach product-service. */
  findUnfinished(before: Date, limit: number): Promise<OrderRecord[]> {
    return this.orders
      .find({ saga: { $in: UNFINISHED_SAGAS }, updatedAt: { $lt: before } })
      .sort({ updatedAt: 1 })
      .limit(limit)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** Completed orders whose cart is not cleared yet (saga step 7), oldest first; of one shopper, or of all. */
  findCartClearsPending(limit: number, userId?: string): Promise<OrderRecord[]> {
    return this.orders
      .find({ saga: 'COMPLETED', cartCleared: false, ...(userId ? { userId } : {}) })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<OrderRecord[]>()
      .exec();
  }

  markCartCleared(id: Types.ObjectId): Promise<OrderRecord | null> {
    return this.orders
      .findOneAndUpdate({ _id: id }, { $set: { cartCleared: true } }, AFTER)
      .lean<OrderRecord>()
      .exec();
  }

  /** Orders shoppers may see (never one still being placed or rolled back), newest first, with the total. */
  async listVisible(criteria: OrderCriteria, window: PageWindow): Promise<{ items: OrderRecord[]; total: number }> {
    const filter = { ...criteria, saga: { $in: VISIBLE_SAGA_STATES } };
    const [items, total] = await Promise.all([
      this.orders
        .find(filter)
        .sort({ createdAt: -1, _id: -1 })
        .skip(window.skip)
        .limit(window.pageSize)
        .lean<OrderRecord[]>()
        .exec(),
      this.orders.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  findVisible(scope: OrderScope): Promise<OrderRecord | null> {
    return this.orders
      .findOne({ ...scope, saga: { $in: VISIBLE_SAGA_STATES } })
      .lean<OrderRecord>()
      .exec();
  }

  /**
   * Moves a visible order from `from` to `to`, recording the change; null when it is no longer at `from`
   * (another change won). Any move ends the placement saga (an admin may confirm a PENDING order, a shopper
   * cancel it); a cancellation owes its stock back (`stockReleased: false`) until `markStockReleased`, and
   * the refund of a paid order (`refund`) until the provider accepted it.
   */
  async moveStatus(
    scope: OrderScope,
    from: OrderStatus,
    to: OrderStatus,
    by: string,
    reason?: string,
    refund?: Refund,
  ): Promise<OrderRecord | null> {
    const event = movedEvent(scope, to, by, reason, refund);
    const moved = await this.orders
      .findOneAndUpdate(
        { ...scope, saga: { $in: VISIBLE_SAGA_STATES }, status: from },
        {
          $set: {
            status: to,
            saga: 'COMPLETED',
            ...(to === 'CANCELLED' ? { stockReleased: false } : {}),
            ...(refund ? { 'payment.refund': refund } : {}),
          },
          $push: { statusHistory: change(to, by, reason), ...(event ? { outbox: event } : {}) },
        },
        AFTER,
      )
      .lean<OrderRecord>()
      .exec();
    if (moved && event) this.outbox.recorded();
    return moved;
  }

  /** Cancelled orders whose stock product-service has not taken back yet. */
  findStockToRelease(limit: number): Promise<OrderRecord[]> {
    return this.orders.find({ status: 'CANCELLED', stockReleased: false }).limit(limit).lean<OrderRecord[]>().exec();
  }

  async markStockReleased(id: Types.ObjectId): Promise<void> {
    await this.orders.updateOne({ _id: id, stockReleased: false }, { $set: { stockReleased: true } }).exec();
  }
}

/** Who made a status change the service made by itself, in the status history. */
export const SYSTEM_ACTOR = 'order-service';

/** What a stored order owes, besides the amount: decided by the placement. */
export interface NewPayment {
  provider: 'sandbox' | 'stripe';
  deadline: Date;
}

export const change = (status: OrderStatus, by: string, reason?: string): StatusChange => ({
  status,
  at: new Date(),
  by,
  ...(reason ? { reason } : {}),
});

/** The event a manual move records: shipped, delivered or cancelled (a payment's confirmation is not manual). */
function movedEvent(scope: OrderScope, to: OrderStatus, by: string, reason?: string, refund?: Refund) {
  const paid = to !== 'CANCELLED' || refund !== undefined;
  if (to === 'SHIPPED') return outboxEntry(scope._id, 'order.shipped', { status: to, paid });
  if (to === 'DELIVERED') return outboxEntry(scope._id, 'order.delivered', { status: to, paid });
  if (to !== 'CANCELLED') return undefined;
  const cancelledBy = by === SYSTEM_ACTOR ? 'system' : scope.userId ? 'shopper' : 'admin';
  return outboxEntry(scope._id, 'order.cancelled', { status: to, paid, cancelledBy, ...(reason ? { reason } : {}) });
}
