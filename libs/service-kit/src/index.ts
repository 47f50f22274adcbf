export * from './service-core.module';
export * from './openapi';
export * from './openapi-split';
export * from './create-service-app';
export * from './run-service';
export * from './load-shedding';
