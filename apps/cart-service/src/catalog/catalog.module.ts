import { Module } from '@nestjs/common';
import { ProductCatalog } from './product-catalog.service';

/** product-service as cart-service sees it: current product data through the resilient HTTP client. */
@Module({ providers: [ProductCatalog], exports: [ProductCatalog] })
export class CatalogModule {}
