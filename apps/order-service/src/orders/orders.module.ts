import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { OrderSettings } from '../order-settings';
import { Order, OrderSchema } from './schemas/order.schema';

export const ORDER_SETTINGS = Symbol('ORDER_SETTINGS');

/** Orders. The saga and endpoints arrive with the ordering issue; the schema and its indexes live here. */
@Module({})
export class OrdersModule {
  static register(settings: OrderSettings): DynamicModule {
    return {
      module: OrdersModule,
      imports: [MongooseModule.forFeature([{ name: Order.name, schema: OrderSchema }])],
      providers: [{ provide: ORDER_SETTINGS, useValue: settings }],
      exports: [ORDER_SETTINGS],
    };
  }
}
