import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { UpstreamClientFactory } from '@app/http-client';
import { OrderSettings } from '../order-settings';
import { CartClearingService } from './orders-cart-clearing.service';
import { OrderMetrics } from './orders.metrics';
import { EventsModule } from '../events/events.module';
import { PaymentsModule } from '../payments/payments.module';
import { OrderRepository } from './order.repository';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderPaymentService } from './orders-payment.service';
import { OrderRefundService } from './orders-refund.service';
import { OrdersController } from './orders.controller';
import { OrdersQueryService } from './orders-query.service';
import { OrderPlacementService } from './orders-placement.service';
import { OrderSweeper } from './orders-sweeper.service';
import { SagaRecoveryService } from './orders-recovery.service';
import { Order, OrderSchema } from './schemas/order.schema';
import { OrderStatusService } from './orders-status.service';
import { CartClient } from './cart.client';
import { StockClient } from './stock.client';
import { CART_UPSTREAM, PRODUCT_UPSTREAM } from './upstream-tokens';

/** Orders: placement saga, payment, status machine, reads, and the sweeper that finishes interrupted work. */
@Module({
  imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }]), EventsModule, PaymentsModule],
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
    OrderPaymentRepository,
    OrderPaymentService,
    OrderRefundService,
    SagaRecoveryService,
    CartClearingService,
    OrderPlacementService,
    OrderStatusService,
    OrdersQueryService,
    OrderSweeper,
  ],
})
export class OrdersModule {}
