import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

/**
 * Stock taken from a product by one attempt of one reservation. It lives in the product document, so taking
 * the stock and recording who took it is one atomic write, and giving it back removes it in the same write:
 * stock held by a reservation is returned exactly once, whoever (request, retry, sweeper) does it.
 */
@Schema({ _id: false })
export class StockHold {
  /** Reservation id. */
  @Prop({ required: true })
  r: string;

  /** Attempt token: only the attempt that completed a reservation owns its holds; others are orphans. */
  @Prop({ required: true })
  a: string;

  @Prop({ required: true })
  q: number;

  @Prop({ required: true })
  at: Date;
}

/** Marks that stock of a confirmed reservation was given back, so a retried release never gives it twice. */
@Schema({ _id: false })
export class StockReturn {
  @Prop({ required: true })
  r: string;

  @Prop({ required: true })
  at: Date;
}

/**
 * A catalog item. Money is an integer number of minor units; `stock` is the quantity still available to
 * sell (reserved units are already taken out) and can never go below zero: every decrement is conditional.
 * `version` grows with every catalog or stock change made by an admin (optimistic concurrency, If-Match).
 */
@Schema({ collection: 'products', timestamps: true, optimisticConcurrency: true, versionKey: 'version' })
export class Product {
  @Prop({ required: true, unique: true, uppercase: true, trim: true, maxlength: 64 })
  sku: string;

  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

  /** Lower-cased name, so sorting by name ignores case without a collation. */
  @Prop({ select: false })
  sortName: string;

  @Prop({ default: '', maxlength: 5000 })
  description: string;

  @Prop({ required: true, min: 0, validate: Number.isInteger })
  price: number;

  @Prop({ required: true, uppercase: true, match: /^[A-Z]{3}$/ })
  currency: string;

  @Prop({ required: true, min: 0, validate: Number.isInteger })
  stock: number;

  @Prop({ required: true, trim: true, lowercase: true, index: true, maxlength: 100 })
  category: string;

  @Prop({ type: [{ type: String, lowercase: true, trim: true }], default: [], index: true })
  tags: string[];

  @Prop({ type: [String], default: [] })
  images: string[];

  @Prop({ default: true, index: true })
  active: boolean;

  @Prop({ type: [SchemaFactory.createForClass(StockHold)], default: [], select: false })
  holds: StockHold[];

  @Prop({ type: [SchemaFactory.createForClass(StockReturn)], default: [], select: false })
  returns: StockReturn[];

  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type ProductDocument = HydratedDocument<Product>;
export type LeanProduct = Product & { _id: Types.ObjectId };
export const ProductSchema = SchemaFactory.createForClass(Product);
ProductSchema.index(
  { name: 'text', description: 'text', tags: 'text' },
  { name: 'catalog_text', weights: { name: 5, tags: 3, description: 1 } },
);
ProductSchema.index({ active: 1, createdAt: -1 });
ProductSchema.index({ active: 1, price: 1 });
ProductSchema.index({ active: 1, sortName: 1 });
// The sweeper looks for old holds and old return marks; both arrays are empty for almost every product.
ProductSchema.index({ 'holds.at': 1 }, { sparse: true });
ProductSchema.index({ 'returns.at': 1 }, { sparse: true });
