import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const ORDER_STATUSES = ['PENDING_PAYMENT', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * Where the placement saga stands for this document (docs/decisions/0011-order-saga.md):
 * CLAIMED (idempotency key recorded, nothing else known), STORED (lines stored, status PENDING_PAYMENT, stock
 * reserved), COMPLETED (placement finished; payment and the status machine take over), ROLLING_BACK (placement
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

export const PAYMENT_STATUSES = [
  'pending',
  'requires_action',
  'processing',
  'failed',
  'succeeded',
  'refunded',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * A refund owed or made: `pending` until the provider took it (the sweeper retries until then), `sent` while
 * the provider processes it, then `succeeded` or `failed`.
 */
@Schema({ _id: false })
export class Refund {
  @Prop({ type: String, required: true, enum: ['pending', 'sent', 'succeeded', 'failed'] })
  status: 'pending' | 'sent' | 'succeeded' | 'failed';
  @Prop({ required: true, min: 1 })
  amount: number;
  @Prop()
  refundId?: string;
  @Prop({ required: true })
  requestedAt: Date;
}

/**
 * The payment of an order (docs/decisions/0014-payments.md): what is owed (the order total, computed here),
 * until when, what the provider said last, and the provider events already applied (each applied once).
 */
@Schema({ _id: false })
export class Payment {
  @Prop({ type: String, required: true, enum: PAYMENT_STATUSES, default: 'pending' })
  status: PaymentStatus;
  @Prop({ type: String, required: true, enum: ['sandbox', 'stripe'] })
  provider: 'sandbox' | 'stripe';
  @Prop({ required: true, min: 0 })
  amount: number;
  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;
  @Prop({ required: true, min: 0, default: 0 })
  refundedAmount: number;
  /** Unpaid by then, the order is cancelled (PAYMENT_EXPIRED) and its stock released. */
  @Prop({ required: true })
  deadline: Date;
  @Prop({ required: true, min: 0, default: 0 })
  attempts: number;
  /**
   * Attempts the provider declined; PAYMENT_MAX_ATTEMPTS of them cancel the order. Not `attempts`: a method the
   * provider does not know, an outage or an authentication still to complete is no decline.
   */
  @Prop({ min: 0, default: 0 })
  declines?: number;
  /** Set while an attempt is with the provider: a second attempt waits for it (or for it to go stale). */
  @Prop()
  attemptStartedAt?: Date;
  /** The provider's payment (a Stripe PaymentIntent): one per order, reused by every attempt. */
  @Prop()
  providerPaymentId?: string;
  /** Stable code of the last declined attempt, e.g. `insufficient_funds`. */
  @Prop()
  failureCode?: string;
  @Prop({ type: SchemaFactory.createForClass(Refund) })
  refund?: Refund;
  /** Ids of the provider events applied to this order (bounded), so a redelivery changes nothing. */
  @Prop({ type: [String], default: [] })
  appliedEvents: string[];
}

/**
 * An event recorded in the same write as the change it tells of (the outbox, docs/decisions/0015-events.md);
 * the relay publishes it and then removes it. The payload is built at publishing time from the order's
 * unchanging fields plus what this entry keeps of the moment.
 */
@Schema({ _id: false })
export class OutboxEvent {
  /** `<order id>:<type>`: each event happens at most once per order, so a second recording is the same event. */
  @Prop({ required: true })
  id: string;
  @Prop({ required: true })
  type: string;
  @Prop({ required: true })
  occurredAt: Date;
  @Prop({ type: String, required: true, enum: ORDER_STATUSES })
  status: OrderStatus;
  @Prop()
  reason?: string;
  @Prop({ type: String, enum: ['shopper', 'admin', 'system'] })
  cancelledBy?: 'shopper' | 'admin' | 'system';
  @Prop({ required: true })
  paid: boolean;
  @Prop()
  refundedAmount?: number;
  @Prop()
  traceparent?: string;
  @Prop()
  tracestate?: string;
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
  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'PENDING_PAYMENT' })
  status: OrderStatus;
  @Prop({ type: SchemaFactory.createForClass(Payment) })
  payment?: Payment;
  /** False from payment until product-service has confirmed the reservation (the sweeper retries). */
  @Prop()
  reservationConfirmed?: boolean;
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
  /** Events not yet confirmed by the broker, oldest first. */
  @Prop({ type: [SchemaFactory.createForClass(OutboxEvent)], default: [] })
  outbox: OutboxEvent[];
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
// The payment sweeps: unpaid orders by deadline, paid orders whose reservation is unconfirmed, refunds owed.
OrderSchema.index({ status: 1, 'payment.deadline': 1 });
OrderSchema.index({ reservationConfirmed: 1 }, { partialFilterExpression: { reservationConfirmed: false } });
OrderSchema.index({ 'payment.refund.status': 1 }, { partialFilterExpression: { 'payment.refund.status': 'pending' } });
OrderSchema.index({ cartCleared: 1, createdAt: 1 }, { partialFilterExpression: { cartCleared: false } });
// The outbox relay's work list: only orders with events still to publish are in it.
OrderSchema.index({ 'outbox.id': 1 }, { sparse: true });
