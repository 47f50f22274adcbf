import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UpstreamClientFactory } from '@app/http-client';
import { OrderSettings } from '../order-settings';
import { CartClearingService } from './cart-clearing/cart-clearing.service';
import { OrderMetrics } from './order.metrics';
import { OrderRepository } from './order.repository';
import { OrdersController } from './orders.controller';
import { OrdersQueryService } from './orders-query.service';
import { OrderPlacementService } from './placement/order-placement.service';
import { OrderSweeper } from './recovery/order-sweeper.service';
import { SagaRecoveryService } from './recovery/saga-recovery.service';
import { Order, OrderSchema } from './schemas/order.schema';
import { OrderStatusService } from './status/order-status.service';
import { CartClient } from './upstreams/cart.client';
import { StockClient } from './upstreams/stock.client';
import { CART_UPSTREAM, PRODUCT_UPSTREAM } from './upstreams/upstream-tokens';

/** Orders: placement saga, status machine, reads, and the sweeper that finishes interrupted work. */
@Module({
  imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }])],
  controllers: [OrdersController],
  providers: [
    {
      provide: CART_UPSTREAM,
      inject: [UpstreamClientFactory, OrderSettings],
      useFactory: (factory: UpstreamClientFactory, settings: OrderSettings) =>
        factory.client('cart-service', settings.cartServiceUrl),
    },
    {
      provide: PRODUCT_UPSTREAM,
      inject: [UpstreamClientFactory, OrderSettings],
      useFactory: (factory: UpstreamClientFactory, settings: OrderSettings) =>
        factory.client('product-service', settings.productServiceUrl),
    },
    CartClient,
    StockClient,
    OrderMetrics,
    OrderRepository,
    SagaRecoveryService,
    CartClearingService,
    OrderPlacementService,
    OrderStatusService,
    OrdersQueryService,
    OrderSweeper,
  ],
})
export class OrdersModule {}
