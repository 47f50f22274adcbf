import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { type OrderRecord } from '../order-view';
import { Order, type OrderDocument, type SagaState, type ShippingAddress } from '../schemas/order.schema';
import { newOrderNumber } from './order-number';
import { type PricedOrder } from './price-order';
import { isDuplicateKeyError } from '@app/database';

export interface ClaimInput {
  userId: string;
  idempotencyKey: string;
  requestHash: string;
  shippingAddress: ShippingAddress;
}

/**
 * Every write of the placement saga, each one conditional on the saga state it expects, so a live saga, a
 * repeated request and the sweeper can never both move the same order (no transactions needed).
 */
@Injectable()
export class OrderSagaRepository {
  constructor(@InjectModel(Order.name) private readonly orders: Model<OrderDocument>) {}

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

  store(id: Types.ObjectId, priced: PricedOrder, by: string): Promise<OrderRecord | null> {
    const lines = priced.lines.map((line) => ({ ...line, productId: new Types.ObjectId(line.productId) }));
    return this.orders
      .findOneAndUpdate(
        { _id: id, saga: 'CLAIMED' },
        {
          $set: {
            saga: 'STORED',
            status: 'PENDING',
            lines,
            subtotal: priced.subtotal,
            total: priced.total,
            currency: priced.currency,
          },
          $push: { statusHistory: { status: 'PENDING', at: new Date(), by } },
        },
        { returnDocument: 'after' },
      )
      .lean<OrderRecord>()
      .exec();
  }

  /** PENDING → CONFIRMED once product-service confirmed the reservation; null if the order moved meanwhile. */
  complete(id: Types.ObjectId, by: string, reason?: string): Promise<OrderRecord | null> {
    return this.orders
      .findOneAndUpdate(
        { _id: id, saga: 'STORED', status: 'PENDING' },
        {
          $set: { saga: 'COMPLETED', status: 'CONFIRMED' },
          $push: { statusHistory: { status: 'CONFIRMED', at: new Date(), by, ...(reason ? { reason } : {}) } },
        },
        { returnDocument: 'after' },
      )
      .lean<OrderRecord>()
      .exec();
  }

  /**
   * Hands the order to the rollback (release its stock, then delete it). With `unchangedSince`, only if
   * nobody touched it since it was read: how a recovery avoids taking over a saga that is merely slow.
   */
  async beginRollback(id: Types.ObjectId, from: SagaState, unchangedSince?: Date): Promise<boolean> {
    if (from === 'ROLLING_BACK') return true;
    const filter: Record<string, unknown> = { _id: id, saga: from };
    if (from === 'STORED') filter.status = 'PENDING';
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
      .find({ saga: { $in: ['CLAIMED', 'STORED', 'ROLLING_BACK'] }, updatedAt: { $lt: before } })
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
      .findOneAndUpdate({ _id: id }, { $set: { cartCleared: true } }, { returnDocument: 'after' })
      .lean<OrderRecord>()
      .exec();
  }
}
