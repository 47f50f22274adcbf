import { Injectable } from '@nestjs/common';
import { type Counter, type Gauge } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type ConsumeOutcome = 'acked' | 'retried' | 'dead_lettered' | 'requeued';

/** What the event alerts watch (pulumi/observability): publishing, consuming, retries, dead letters, depth. */
@Injectable()
export class MessagingMetrics {
  private readonly published: Counter<'type'>;
  private readonly publishFailures: Counter<string>;
  private readonly consumed: Counter<'queue' | 'type' | 'outcome'>;
  private readonly retried: Counter<'queue' | 'type'>;
  private readonly deadLettered: Counter<'queue' | 'type'>;
  private readonly depth: Gauge<'queue'>;
  private readonly connectedGauge: Gauge<string>;

  constructor(metrics: MetricsService) {
    this.published = metrics.counter('events_published_total', 'Events the broker confirmed, by type.', ['type']);
    this.publishFailures = metrics.counter(
      'events_publish_failures_total',
      'Publishes the broker did not confirm (the event stays in the outbox and is tried again).',
    );
    this.consumed = metrics.counter('events_consumed_total', 'Deliveries handled, by queue, event type and outcome.', [
      'queue',
      'type',
      'outcome',
    ]);
    this.retried = metrics.counter('events_retried_total', 'Deliveries sent back for a later retry.', [
      'queue',
      'type',
    ]);
    this.deadLettered = metrics.counter('events_dead_lettered_total', 'Messages moved to a dead-letter queue.', [
      'queue',
      'type',
    ]);
    this.depth = metrics.gauge('messaging_queue_depth', 'Messages ready in a queue (dead-letter queues too).', [
      'queue',
    ]);
    this.connectedGauge = metrics.gauge('messaging_connected', '1 while connected to the broker, else 0.');
    this.publishFailures.inc(0);
    this.connectedGauge.set(0);
  }

  publishedEvent(type: string): void {
    this.published.inc({ type });
  }

  publishFailed(): void {
    this.publishFailures.inc();
  }

  consumedEvent(queue: string, type: string, outcome: ConsumeOutcome): void {
    this.consumed.inc({ queue, type, outcome });
    if (outcome === 'retried') this.retried.inc({ queue, type });
    if (outcome === 'dead_lettered') this.deadLettered.inc({ queue, type });
  }

  queueDepth(queue: string, messages: number): void {
    this.depth.set({ queue }, messages);
  }

  connected(up: boolean): void {
    this.connectedGauge.set(up ? 1 : 0);
  }
}
