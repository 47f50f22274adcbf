import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** A line with the price snapshot taken from product-service when the order was placed. */
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

/** An order; the idempotency key is unique per user so a retried request never creates a second order. */
@Schema({ collection: 'orders', timestamps: true })
export class Order {
  @Prop({ required: true, unique: true })
  number: string;
  @Prop({ required: true, index: true })
  userId: string;
  @Prop({ required: true })
  idempotencyKey: string;
  @Prop({ required: true })
  requestHash: string;
  @Prop({ type: [SchemaFactory.createForClass(OrderLine)], required: true })
  lines: OrderLine[];
  @Prop({ required: true, min: 0 })
  subtotal: number;
  @Prop({ required: true, min: 0 })
  total: number;
  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;
  @Prop({ type: String, required: true, enum: ORDER_STATUSES, default: 'PENDING' })
  status: OrderStatus;
  @Prop({ type: [SchemaFactory.createForClass(StatusChange)], default: [] })
  statusHistory: StatusChange[];
  @Prop({ type: SchemaFactory.createForClass(ShippingAddress), required: true })
  shippingAddress: ShippingAddress;
}

export type OrderDocument = HydratedDocument<Order>;
export const OrderSchema = SchemaFactory.createForClass(Order);
OrderSchema.index({ userId: 1, idempotencyKey: 1 }, { unique: true });
OrderSchema.index({ userId: 1, createdAt: -1 });
