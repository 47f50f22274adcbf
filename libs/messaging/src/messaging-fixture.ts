import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { type ServiceConfig } from '@app/config';
import { ReadinessChecks } from '@app/health';
import { MetricsService } from '@app/metrics';
import { AmqpConnection } from './amqp-connection';
import { EventConsumer } from './event-consumer';
import { EventPublisher } from './event-publisher';
import { MessagingMetrics } from './messaging.metrics';
import { deadLetterQueueOf, retryDelays, retryQueueOf, unroutedQueueOf } from './topology';

/** The RabbitMQ every development and CI machine runs (docs/local-development.md), unless AMQP_URL names one. */
export const testAmqpUrl = (): string => process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface BusOptions {
  url?: string;
  exchange?: string;
  queuePrefix?: string;
  prefetch?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
}

/** One process's view of the bus, built as MessagingModule builds it, on an exchange of the test's own. */
export function busFor(options: BusOptions = {}) {
  const messaging = {
    url: options.url ?? testAmqpUrl(),
    exchange: options.exchange ?? `test.events.${randomUUID()}`,
    queuePrefix: options.queuePrefix ?? '',
    prefetch: options.prefetch ?? 10,
    maxAttempts: options.maxAttempts ?? 3,
    retryBaseMs: options.retryBaseMs ?? 50,
  };
  const config = { service: { name: 'messaging-test' }, messaging } as ServiceConfig;
  const metricsService = new MetricsService();
  const metrics = new MessagingMetrics(metricsService);
  const connection = new AmqpConnection(config, metrics);
  const readiness = new ReadinessChecks();
  return {
    config: messaging,
    metricsService,
    readiness,
    connection,
    publisher: new EventPublisher(connection, config, metrics),
    consumer: new EventConsumer(connection, config, metrics, readiness),
    async close(): Promise<void> {
      await this.consumer.onApplicationShutdown();
      await connection.onApplicationShutdown();
    },
  };
}

/** A plain connection to look into queues and to remove what a test declared. */
export async function brokerAdmin(url = testAmqpUrl()) {
  const model: ChannelModel = await connect(url);
  const channel = await model.createChannel();
  return {
    channel,
    async depth(queue: string): Promise<number> {
      return (await channel.checkQueue(queue)).messageCount;
    },
    /** Deletes a consumer's queues and the exchange with its unrouted queue. */
    async remove(exchange: string, queues: string[], retryBaseMs: number, maxAttempts: number): Promise<void> {
      for (const queue of queues) {
        for (const delay of retryDelays(retryBaseMs, maxAttempts))
          await channel.deleteQueue(retryQueueOf(queue, delay));
        await channel.deleteQueue(deadLetterQueueOf(queue));
        await channel.deleteQueue(queue);
      }
      await channel.deleteExchange(exchange);
      await channel.deleteQueue(unroutedQueueOf(exchange));
      await channel.deleteExchange(unroutedQueueOf(exchange));
    },
    async close(): Promise<void> {
      await model.close();
    },
  };
}
