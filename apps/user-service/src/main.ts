import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('user-service');
void import('./user-service').then((service) => service.startUserService());
