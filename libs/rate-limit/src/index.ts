export * from './decorators';
export * from './rate-limit.storage';
export * from './memory-rate-limit.storage';
export * from './redis-rate-limit.storage';
export * from './rate-limit.guard';
export * from './rate-limit.module';
