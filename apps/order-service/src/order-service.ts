import { runService, type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { OrderSettings, readOrderSettings } from './order-settings';

export const orderService: ServiceDefinition<OrderSettings> = {
  identity: {
    name: 'order-service',
    defaultDatabase: 'ecommerce_orders',
    title: 'Order service: orders and their status history',
    callsOtherServices: true,
  },
  settings: { token: OrderSettings, read: readOrderSettings },
  rootModule: (loaded) => AppModule.register(loaded),
  // Stripe signs the exact bytes it sends: the webhook verifies them (payments/stripe-webhook.controller.ts).
  rawBody: true,
};

/** Starts the service (main.ts calls this once tracing is set up). */
export const startOrderService = (): Promise<void> => runService(orderService);
