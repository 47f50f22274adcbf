import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

@Schema({ _id: false })
export class CartLine {
  @Prop({ type: Types.ObjectId, required: true })
  productId: Types.ObjectId;

  @Prop({ required: true, min: 1, validate: Number.isInteger })
  quantity: number;
}

/** The last product data product-service gave for a line, shown (marked stale) when it cannot answer. */
@Schema({ _id: false })
export class ProductSnapshot {
  @Prop({ required: true })
  sku: string;

  @Prop({ required: true })
  name: string;

  @Prop({ required: true, min: 0, validate: Number.isInteger })
  unitPrice: number;

  @Prop({ required: true })
  currency: string;
}

/**
 * One cart per shopper; `expiresAt` moves forward on every change and a TTL index removes idle carts.
 * Snapshots sit in a map keyed by product id rather than inside each line: a line's quantity and its
 * snapshot then change in one atomic update without two positional paths into the same array.
 */
@Schema({ collection: 'carts', timestamps: true })
export class Cart {
  @Prop({ required: true, unique: true })
  userId: string;

  @Prop({ type: [SchemaFactory.createForClass(CartLine)], default: [] })
  lines: CartLine[];

  @Prop({ type: Map, of: SchemaFactory.createForClass(ProductSnapshot), default: {} })
  snapshots: Map<string, ProductSnapshot>;

  /** The currency of the cart's products; a product priced otherwise cannot join a non-empty cart. */
  @Prop()
  currency?: string;

  @Prop({ required: true })
  expiresAt: Date;

  createdAt?: Date;
  updatedAt?: Date;
}

export type CartDocument = HydratedDocument<Cart>;
export const CartSchema = SchemaFactory.createForClass(Cart);
// expireAfterSeconds 0: each cart expires at its own `expiresAt`, so the idle time stays configurable.
CartSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// The abandoned-cart count reads only carts untouched since a moment (CartRepository.countAbandoned).
CartSchema.index({ updatedAt: 1 });

/** A cart as lean queries return it: the snapshot map is a plain object there. */
export interface StoredCart {
  userId: string;
  lines: CartLine[];
  snapshots?: Record<string, ProductSnapshot>;
  currency?: string;
  expiresAt: Date;
  updatedAt?: Date;
}
