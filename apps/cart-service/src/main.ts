import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('cart-service');
void import('./cart-service').then((service) => service.startCartService());
