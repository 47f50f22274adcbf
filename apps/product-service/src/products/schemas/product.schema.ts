import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** A catalog item. Money is an integer number of minor units; stock can never go below zero. */
@Schema({ collection: 'products', timestamps: true, optimisticConcurrency: true, versionKey: 'version' })
export class Product {
  @Prop({ required: true, unique: true, uppercase: true, trim: true, maxlength: 64 })
  sku: string;

  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

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

  @Prop({ type: [String], default: [], index: true })
  tags: string[];

  @Prop({ type: [String], default: [] })
  images: string[];

  @Prop({ default: true, index: true })
  active: boolean;
}

export type ProductDocument = HydratedDocument<Product>;
export const ProductSchema = SchemaFactory.createForClass(Product);
ProductSchema.index(
  { name: 'text', description: 'text', tags: 'text' },
  { name: 'catalog_text', weights: { name: 5, tags: 3, description: 1 } },
);
