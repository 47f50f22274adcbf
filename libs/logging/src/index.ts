export * from './create-logger';
export * from './pino-nest-logger';
export * from './redaction';
export * from './request-id';
export * from './request-logging';
export * from './logging.module';
