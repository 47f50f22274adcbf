import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogCache } from './catalog-cache';
import { InternalProductsController } from './internal-products.controller';
import { ProductAdminService } from './product-admin.service';
import { ProductCatalogService } from './product-catalog.service';
import { ProductsAdminController } from './products-admin.controller';
import { ProductsController } from './products.controller';
import { Product, ProductSchema } from './schemas/product.schema';
import { StockAdjuster } from './stock-adjuster';

@Module({
  imports: [MongooseModule.forFeature([{ name: Product.name, schema: ProductSchema }])],
  controllers: [ProductsController, ProductsAdminController, InternalProductsController],
  providers: [CatalogCache, ProductCatalogService, ProductAdminService, StockAdjuster],
  exports: [MongooseModule],
})
export class ProductsModule {}
