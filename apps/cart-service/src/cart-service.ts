import { runService, type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { CartSettings, readCartSettings } from './cart-settings';

export const cartService: ServiceDefinition<CartSettings> = {
  identity: {
    name: 'cart-service',
    defaultDatabase: 'ecommerce_carts',
    title: 'Cart service: one cart per shopper',
    callsOtherServices: true,
  },
  settings: { token: CartSettings, read: readCartSettings },
  rootModule: (loaded) => AppModule.register(loaded),
};

/** Starts the service (main.ts calls this once tracing is set up). */
export const startCartService = (): Promise<void> => runService(cartService);
