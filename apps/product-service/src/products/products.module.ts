import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AdminProductsController } from './admin-products.controller';
import { CatalogCache } from './catalog.cache';
import { CatalogResponder } from './catalog.responder';
import { InternalProductsController } from './internal-products.controller';
import { ProductRepository } from './product.repository';
import { ProductsAdminService } from './products-admin.service';
import { ProductsController } from './products.controller';
import { ProductsMetrics } from './products.metrics';
import { ProductsService } from './products.service';
import { Product, ProductSchema } from './schemas/product.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: Product.name, schema: ProductSchema }])],
  controllers: [ProductsController, AdminProductsController, InternalProductsController],
  providers: [
    ProductRepository,
    ProductsMetrics,
    CatalogCache,
    CatalogResponder,
    ProductsService,
    ProductsAdminService,
  ],
  // Reservations hold and give back stock on products, through the one repository of the product aggregate.
  exports: [ProductRepository],
})
export class ProductsModule {}
