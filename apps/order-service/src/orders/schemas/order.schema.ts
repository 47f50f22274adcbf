import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where the placement saga stands for this document (docs/decisions/0011-order-saga.md):
 * CLAIMED (idempotency key recorded, nothing else known), STORED (lines stored, status PENDING, reservation
 * not yet confirmed), COMPLETED (placement finished; the status machine takes over), ROLLING_BACK (placement
 * failed and the reservation still has to be released). Shoppers only ever see STORED and COMPLETED orders.
 */
export const SAGA_STATES = ['CLAIMED', 'STORED', 'COMPLETED', 'ROLLING_BACK'] as const;
export type SagaState = (typeof SAGA_STATES)[number];
export const VISIBLE_SAGA_STATES: SagaState[] = ['STORED', 'COMPLETED'];

/** A line with the price snapshot taken from product-service's reservation when the order was placed. */
@Schema({ _id: false })
export class OrderLine {
  @Prop({ type: Types.ObjectId, required: true })
  productId: Types.ObjectId;
  @Prop({ required: true })
  sku: string;
  @Prop({ required: true })
  name: string;
  @Prop({ required: true, min: 0 })
  unitPrice: number;
  @Prop({ required: true, min: 1 })
  quantity: number;
  @Prop({ required: true, min: 0 })
  lineTotal: number;
}

@Schema({ _id: false })
export class StatusChange {
  @Prop({ type: String, required: true, enum: ORDER_STATUSES })
  status: OrderStatus;
  @Prop({ required: true })
  at: Date;
  /** User id of the shopper or admin, or `order-service` for changes made by the service itself. */
  @Prop({ required: true })
  by: string;
  @Prop()
  reason?: string;
}

@Schema({ _id: false })
export class ShippingAddress {
  @Prop({ required: true }) name: string;
  @Prop({ required: true }) line1: string;
  @Prop() line2?: string;
  @Prop({ required: true }) city: string;
  @Prop() region?: string;
  @Prop({ required: true }) postalCode: string;
  @Prop({ required: true, match: /^[A-Z]{2}$/ }) country: string;
}

/**
 * An order. The document is written first as the idempotency record (CLAIMED, unique per user and key), so a
 * retried request never creates a second order; lines and totals arrive when the saga stores the order.
 */
@Schema({ collection: 'orders', timestamps: true })
export class Order {
  @Prop({ required: true, unique: true })
  number: string;
  @Prop({ required: true })
  userId: string;
  @Prop({ required: true })
  idempotencyKey: string;
  /** SHA-256 of the request body: the same key with another body is refused. */
  @Prop({ required: true })
  requestHash: string;
  @Prop({ type: String, required: true, enum: SAGA_STATES, default: 'CLAIMED' })
  saga: SagaState;
  @Prop({ type: [SchemaFactory.createForClass(OrderLine)], default: [] })
  lines: OrderLine[];
  @Prop({ min: 0, default: 0 })
  subtotal: number;
  @Prop({ min: 0, default: 0 })
  total: number;
  @Prop({ match: /^[A-Z]{3}$/ })
  currency?: string;
  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'PENDING' })
  status: OrderStatus;
  @Prop({ type: [SchemaFactory.createForClass(StatusChange)], default: [] })
  statusHistory: StatusChange[];
  @Prop({ type: SchemaFactory.createForClass(ShippingAddress), required: true })
  shippingAddress: ShippingAddress;
  /** False until the ordered lines have been taken out of the shopper's cart (saga step 7, retried until done). */
  @Prop({ default: false })
  cartCleared: boolean;
  /** Set on cancellation; true once product-service has taken the stock back. */
  @Prop()
  stockReleased?: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type OrderDocument = HydratedDocument<Order>;
export const OrderSchema = SchemaFactory.createForClass(Order);
OrderSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
OrderSchema.index({ userId: 1, createdAt: -1 });
OrderSchema.index({ status: 1, createdAt: -1 });
// The sweeper's work lists: unfinished sagas, cancelled orders whose stock is not back yet, carts to clear.
OrderSchema.index({ saga: 1, updatedAt: 1 });
OrderSchema.index({ stockReleased: 1 }, { partialFilterExpression: { stockReleased: false } });
OrderSchema.index({ cartCleared: 1, createdAt: 1 }, { partialFilterExpression: { cartCleared: false } });
