import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('order-service');
void import('./order-service').then((service) => service.startOrderService());
