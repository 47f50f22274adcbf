import { Injectable } from '@nestjs/common';
import { type ChannelWrapper } from 'amqp-connection-manager';
import { context as otelContext, propagation, SpanKind, trace } from '@opentelemetry/api';
import { ServiceConfig } from '@app/config';
import { AmqpConnection } from './amqp-connection';
import { type EventEnvelope } from './event-envelope';
import { MessagingMetrics } from './messaging.metrics';
import { assertEventExchange } from './topology';

/** The broker is off, away, or did not confirm in time: keep the event (in the outbox) and try again later. */
export class BusUnavailableError extends Error {
  override readonly name = 'BusUnavailableError';
}

const CONFIRM_TIMEOUT_MS = 5_000;

/**
 * Publishes events with publisher confirms: `publish` resolves only once the broker has the message on disk
 * (persistent, in a durable exchange's queues), so whoever removes it from an outbox afterwards loses nothing.
 * It fails fast while the broker is away instead of buffering in memory: the outbox is the buffer.
 */
@Injectable()
export class EventPublisher {
  private channel?: ChannelWrapper;
  private readonly tracer = trace.getTracer('@app/messaging');

  constructor(
    private readonly connection: AmqpConnection,
    private readonly config: ServiceConfig,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** Whether a publish could succeed now; the first call opens the connection (it comes up in the background). */
  get available(): boolean {
    if (!this.connection.enabled) return false;
    this.openChannel();
    return this.connection.connected;
  }

  async publish(event: EventEnvelope): Promise<void> {
    if (!this.connection.enabled) throw new BusUnavailableError('the event bus is off (no AMQP_URL)');
    const channel = this.openChannel();
    if (!this.connection.connected) throw new BusUnavailableError('not connected to the message broker');
    const { exchange } = this.config.messaging;
    // The publish span continues the trace of the change that recorded the event, not the relay's own.
    const parent = propagation.extract(otelContext.active(), event);
    await this.tracer.startActiveSpan(
      `${event.type} publish`,
      { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'rabbitmq', 'messaging.message.id': event.id } },
      parent,
      async (span) => {
        try {
          await channel.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), {
            persistent: true,
            contentType: 'application/json',
            messageId: event.id,
            type: event.type,
            appId: event.source,
            timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
            timeout: CONFIRM_TIMEOUT_MS,
          });
          this.metrics.publishedEvent(event.type);
        } catch (error) {
          this.metrics.publishFailed();
          throw new BusUnavailableError(`the broker did not confirm ${event.type}: ${(error as Error).message}`);
        } finally {
          span.end();
        }
      },
    );
  }

  private openChannel(): ChannelWrapper {
    const { exchange } = this.config.messaging;
    this.channel ??= this.connection.channel({
      name: 'publisher',
      confirm: true,
      setup: (channel: Parameters<typeof assertEventExchange>[0]) => assertEventExchange(channel, exchange),
    });
    return this.channel;
  }
}
