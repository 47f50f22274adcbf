import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ _id: false })
export class CartLine {
  @Prop({ type: Types.ObjectId, required: true })
  productId: Types.ObjectId;

  @Prop({ required: true, min: 1, validate: Number.isInteger })
  quantity: number;
}

/** One cart per shopper; `expiresAt` moves forward on every change and a TTL index removes idle carts. */
@Schema({ collection: 'carts', timestamps: true })
export class Cart {
  @Prop({ required: true, unique: true })
  userId: string;

  @Prop({ type: [SchemaFactory.createForClass(CartLine)], default: [] })
  lines: CartLine[];

  @Prop({ required: true })
  expiresAt: Date;
}

export type CartDocument = HydratedDocument<Cart>;
export const CartSchema = SchemaFactory.createForClass(Cart);
// expireAfterSeconds 0: each cart expires at its own `expiresAt`, so the idle time stays configurable.
CartSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
