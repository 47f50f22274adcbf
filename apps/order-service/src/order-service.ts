import { type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { type OrderSettings, readOrderSettings } from './order-settings';

export const orderService: ServiceDefinition<OrderSettings> = {
  identity: {
    name: 'order-service',
    defaultDatabase: 'ecommerce_orders',
    title: 'Order service: orders and their status history',
    callsOtherServices: true,
  },
  settings: readOrderSettings,
  rootModule: (loaded) => AppModule.register(loaded),
};
