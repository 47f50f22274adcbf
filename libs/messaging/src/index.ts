export * from './amqp-connection';
export * from './event-consumer';
export * from './event-envelope';
export * from './event-publisher';
export * from './messaging.metrics';
export * from './messaging.module';
export * from './order-events';
export * from './topology';
