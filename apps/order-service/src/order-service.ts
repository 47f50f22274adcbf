import { type ServiceDefinition } from '@app/service-kit';
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
};
