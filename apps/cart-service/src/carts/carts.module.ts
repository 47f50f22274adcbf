import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CatalogModule } from '../catalog/catalog.module';
import { AbandonedCartsCounter } from './abandoned-carts.counter';
import { CartsController } from './carts.controller';
import { CartsMetrics } from './carts.metrics';
import { CartRepository } from './cart.repository';
import { CartsService } from './carts.service';
import { InternalCartsController } from './internal-carts.controller';
import { Cart, CartSchema } from './schemas/cart.schema';

/**
 * The shopper's cart: `/api/v1/cart` for the shopper, `/internal/v1/carts` for order-service; stored in this
 * service's own database, priced by product-service.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: Cart.name, schema: CartSchema }]), CatalogModule],
  controllers: [CartsController, InternalCartsController],
  providers: [CartsService, CartRepository, CartsMetrics, AbandonedCartsCounter],
})
export class CartsModule {}
