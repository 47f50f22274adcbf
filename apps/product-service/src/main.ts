import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('product-service');
void import('./product-service').then((service) => service.startProductService());
