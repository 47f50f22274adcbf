import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { type OrderRecord } from '../orders/order.view';
import { Order, type OrderDocument } from '../orders/schemas/order.schema';

/** The outbox side of the orders collection: which orders have events to publish, and forgetting a sent one. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectModel(Order.name) private readonly orders: Model<OrderDocument>) {}

  /** Orders with events still to publish, those waiting longest first. */
  findPending(limit: number): Promise<OrderRecord[]> {
    return this.orders
      .find({ 'outbox.id': { $exists: true } })
      .sort({ 'outbox.occurredAt': 1 })
      .limit(limit)
      .lean<OrderRecord[]>()
      .exec();
  }

  /** The broker confirmed the event: it leaves the outbox (every copy, if it was recorded twice). */
  async markPublished(orderId: Types.ObjectId, eventId: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId }, { $pull: { outbox: { id: eventId } } }, { timestamps: false }).exec();
  }
}
