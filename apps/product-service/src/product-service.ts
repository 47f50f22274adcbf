import { type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';

export const productService: ServiceDefinition = {
  identity: {
    name: 'product-service',
    defaultDatabase: 'ecommerce_products',
    title: 'Product service: catalog and stock',
  },
  rootModule: (loaded) => AppModule.register(loaded),
};
