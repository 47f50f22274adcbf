import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type ChannelWrapper } from 'amqp-connection-manager';
import { type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import { context as otelContext, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ServiceConfig } from '@app/config';
import { ReadinessChecks } from '@app/health';
import { AmqpConnection } from './amqp-connection';
import { type EventEnvelope, MalformedEventError, parseEnvelope } from './event-envelope';
import { MessagingMetrics } from './messaging.metrics';
import { assertConsumerTopology, deadLetterQueueOf, retryDelays, retryQueueOf } from './topology';

export interface Delivery {
  /** 1 on the first delivery, counting the retries this library made. */
  attempt: number;
  /** The broker delivered it before (a consumer died or lost its connection before acknowledging). */
  redelivered: boolean;
}

export interface EventSubscription {
  /** The consumer's own durable queue, `<service>.<purpose>` (after AMQP_QUEUE_PREFIX, if one is set). */
  queue: string;
  /** Routing patterns on the event type, e.g. `order.*`. */
  patterns: string[];
  /** Resolves when the event is handled (the message is then acknowledged); throws to have it retried. */
  handle(event: EventEnvelope, delivery: Delivery): Promise<void>;
}

/** Thrown by a handler for an event no retry can help: it goes to the dead-letter queue at once. */
export class PermanentEventError extends Error {
  override readonly name = 'PermanentEventError';
}

const ATTEMPT_HEADER = 'x-attempt';
const DEPTH_INTERVAL_MS = 15_000;
const DRAIN_TIMEOUT_MS = 10_000;

interface Subscribed {
  subscription: EventSubscription;
  channel: ChannelWrapper;
  /** Counts the channel's (re)connections: a delivery tag is only valid on the channel that delivered it. */
  generation: number;
}

/**
 * Consumes events: a bounded prefetch, at-least-once delivery (acknowledged after the handler), retries with
 * exponential backoff through delay queues, and the dead-letter queue after AMQP_MAX_ATTEMPTS deliveries or
 * for a message that is no event at all. Handlers must be idempotent by event id: a redelivery can follow a
 * crash at any point. Its readiness is its broker connection.
 */
@Injectable()
export class EventConsumer implements OnApplicationShutdown {
  private readonly logger = new Logger('EventConsumer');
  private readonly tracer = trace.getTracer('@app/messaging');
  private readonly subscribed: Subscribed[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private depthTimer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly config: ServiceConfig,
    private readonly metrics: MessagingMetrics,
    private readonly readiness: ReadinessChecks,
  ) {}

  /**
   * Declares the subscription's queues and starts consuming. Returns at once: consuming starts (and restarts)
   * whenever the broker is reachable, and readiness stays down until then (`isConsuming`).
   */
  async subscribe(subscription: EventSubscription): Promise<void> {
    if (!this.connection.enabled) throw new Error('AMQP_URL is not set: cannot consume events');
    const { exchange, prefetch, maxAttempts, retryBaseMs, queuePrefix } = this.config.messaging;
    subscription = { ...subscription, queue: `${queuePrefix}${subscription.queue}` };
    const topology = {
      exchange,
      queue: subscription.queue,
      patterns: subscription.patterns,
      retryDelaysMs: retryDelays(retryBaseMs, maxAttempts),
    };
    const channel = this.connection.channel({
      name: subscription.queue,
      confirm: true,
      setup: (raw: ConfirmChannel) => assertConsumerTopology(raw, topology),
    });
    const entry: Subscribed = { subscription, channel, generation: 0 };
    channel.on('connect', () => (entry.generation += 1));
    this.subscribed.push(entry);
    // Ready once connected and every queue is declared, bound and consumed (the channel's first `connect`).
    this.readiness.register('message-broker', () => this.isConsuming);
    await channel.consume(subscription.queue, (message) => this.track(this.deliver(entry, message)), { prefetch });
    this.depthTimer ??= setInterval(() => void this.reportDepths(), DEPTH_INTERVAL_MS).unref();
  }

  /** Connected, with every subscription's queues declared and consumed. */
  get isConsuming(): boolean {
    return this.connection.connected && this.subscribed.every(({ generation }) => generation > 0);
  }

  /** Stops taking messages, lets those in hand finish (bounded), then closes the channels. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.depthTimer);
    await Promise.all(this.subscribed.map(({ channel }) => channel.cancelAll().catch(() => undefined)));
    // Without a connection nothing in hand can be acknowledged any more: the broker redelivers it elsewhere.
    if (this.connection.connected) {
      const drained = Promise.allSettled([...this.inFlight]);
      await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS).unref())]);
    }
    await Promise.all(this.subscribed.map(({ channel }) => channel.close().catch(() => undefined)));
  }

  /** Current ready messages of every subscribed queue and its dead-letter queue, for the depth gauges. */
  async reportDepths(): Promise<void> {
    for (const { subscription, channel } of this.subscribed) {
      for (const queue of [subscription.queue, deadLetterQueueOf(subscription.queue)]) {
        try {
          this.metrics.queueDepth(queue, (await channel.checkQueue(queue)).messageCount);
        } catch {
          // Not connected right now: the gauge keeps its last value and messaging_connected says why.
        }
      }
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(entry: Subscribed, message: ConsumeMessage): Promise<void> {
    const { queue } = entry.subscription;
    const generation = entry.generation;
    const attempt = Math.max(1, Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 1) || 1);
    let event: EventEnvelope;
    try {
      event = parseEnvelope(message.content);
    } catch (error) {
      return this.settle(entry, generation, message, 'unknown', { deadLetter: error as Error, attempt });
    }
    try {
      await this.handleInTrace(entry.subscription, event, { attempt, redelivered: message.fields.redelivered });
      return this.settle(entry, generation, message, event.type, { attempt });
    } catch (error) {
      const permanent = error instanceof PermanentEventError || error instanceof MalformedEventError;
      const exhausted = attempt >= this.config.messaging.maxAttempts;
      this.logger.warn({
        msg: permanent || exhausted ? 'event dead-lettered' : 'event handling failed; will retry',
        queue,
        eventId: event.id,
        eventType: event.type,
        attempt,
        reason: (error as Error).message,
      });
      const outcome =
        permanent || exhausted ? { deadLetter: error as Error, attempt } : { retry: error as Error, attempt };
      return this.settle(entry, generation, message, event.type, outcome);
    }
  }

  private handleInTrace(subscription: EventSubscription, event: EventEnvelope, delivery: Delivery): Promise<void> {
    const parent = propagation.extract(otelContext.active(), event);
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': subscription.queue,
      'messaging.message.id': event.id,
      'messaging.rabbitmq.delivery_attempt': delivery.attempt,
    };
    return this.tracer.startActiveSpan(
      `${event.type} process`,
      { kind: SpanKind.CONSUMER, attributes },
      parent,
      async (span) => {
        try {
          await subscription.handle(event, delivery);
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  /**
   * Acknowledges, or first moves the message to a retry or the dead-letter queue (with the broker's confirm)
   * and then acknowledges. If that move fails the message is requeued, never dropped.
   */
  private async settle(
    entry: Subscribed,
    generation: number,
    message: ConsumeMessage,
    type: string,
    outcome: { attempt: number; retry?: Error; deadLetter?: Error },
  ): Promise<void> {
    const { queue } = entry.subscription;
    const { channel } = entry;
    try {
      if (outcome.retry || outcome.deadLetter) {
        const target = outcome.retry
          ? retryQueueOf(queue, this.config.messaging.retryBaseMs * 2 ** (outcome.attempt - 1))
          : deadLetterQueueOf(queue);
        const reason = (outcome.retry ?? outcome.deadLetter)?.message ?? '';
        await channel.sendToQueue(target, message.content, {
          ...message.properties,
          persistent: true,
          headers: {
            ...message.properties.headers,
            [ATTEMPT_HEADER]: outcome.retry ? outcome.attempt + 1 : outcome.attempt,
            'x-last-error': reason.slice(0, 500),
            'x-first-queue': queue,
          },
          timeout: 5_000,
        });
      }
      // A tag from before a reconnection is unknown to the new channel (acking it would close the channel);
      // the broker redelivers that message anyway, and the handler is idempotent.
      if (generation === entry.generation) channel.ack(message);
      this.metrics.consumedEvent(
        queue,
        type,
        outcome.deadLetter ? 'dead_lettered' : outcome.retry ? 'retried' : 'acked',
      );
    } catch (error) {
      this.logger.warn({ msg: 'could not settle a delivery; requeued', queue, reason: (error as Error).message });
      if (generation === entry.generation && !this.stopping) channel.nack(message, false, true);
      this.metrics.consumedEvent(queue, type, 'requeued');
    }
  }
}
