import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CartSettings } from '../cart-settings';
import { Cart, CartSchema } from './schemas/cart.schema';

export const CART_SETTINGS = Symbol('CART_SETTINGS');

/** Carts. The endpoints arrive with the shopping issue; the schema, TTL index and settings live here. */
@Module({})
export class CartsModule {
  static register(settings: CartSettings): DynamicModule {
    return {
      module: CartsModule,
      imports: [MongooseModule.forFeature([{ name: Cart.name, schema: CartSchema }])],
      providers: [{ provide: CART_SETTINGS, useValue: settings }],
      exports: [CART_SETTINGS],
    };
  }
}
