import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { Product, ProductSchema } from './schemas/product.schema';

/** Catalog and stock. The endpoints arrive with the catalog issue; the schema and its indexes live here. */
@Module({ imports: [MongooseModule.forFeature([{ name: Product.name, schema: ProductSchema }])] })
export class ProductsModule {}
