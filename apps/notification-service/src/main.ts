import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('notification-service');
void import('./notification-service').then((service) => service.startNotificationService());
