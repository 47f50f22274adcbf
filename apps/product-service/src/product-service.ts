import { runService, type ServiceDefinition } from '@app/service-kit';
import { AppModule } from './app.module';
import { ProductSettings, readProductSettings } from './product-settings';

export const productService: ServiceDefinition<ProductSettings> = {
  identity: {
    name: 'product-service',
    defaultDatabase: 'ecommerce_products',
    title: 'Product service: catalog and stock',
  },
  settings: { token: ProductSettings, read: readProductSettings },
  rootModule: (loaded) => AppModule.register(loaded),
};

/** Starts the service (main.ts calls this once tracing is set up). */
export const startProductService = (): Promise<void> => runService(productService);
