import { Global, Module } from '@nestjs/common';
import { AmqpConnection } from './amqp-connection';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { MessagingMetrics } from './messaging.metrics';

/**
 * The event bus, imported once by each service that publishes or consumes: configured by AMQP_URL and the
 * other AMQP_* variables in ServiceConfig. Connects only when something publishes or subscribes.
 */
@Global()
@Module({
  providers: [AmqpConnection, MessagingMetrics, EventPublisher, EventConsumer],
  exports: [AmqpConnection, EventPublisher, EventConsumer],
})
export class MessagingModule {}
