import { startTracing } from '@app/tracing';

// Tracing must patch the HTTP and MongoDB modules before anything loads them, hence the deferred import.
startTracing('product-service');
void import('@app/service-kit').then(async ({ runService }) => runService((await import('./product-service')).productService));
