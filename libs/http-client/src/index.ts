export * from './backoff';
export * from './upstream-errors';
export * from './upstream-client';
export * from './upstream-metrics';
export * from './service-token-provider';
export * from './upstream-client.factory';
export * from './http-client.module';
