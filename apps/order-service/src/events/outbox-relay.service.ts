import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EventPublisher } from '@app/messaging';
import { PeriodicJob } from '@app/scheduling';
import { OrderSettings } from '../order-settings';
import { toEnvelope } from './order-events';
import { OutboxMetrics } from './outbox.metrics';
import { OutboxRepository } from './outbox.repository';
import { OutboxSignal } from './outbox-signal';

const BATCH = 200;

/**
 * Publishes what the outbox holds, in each order's own sequence, and removes an event only once the broker
 * confirmed it. While the broker is away (or AMQP_URL unset) events simply wait: no request ever fails for it.
 * Several replicas may relay the same event at once; consumers deduplicate by event id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly job: PeriodicJob<number>;
  private warnedUnavailable = false;

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly publisher: EventPublisher,
    private readonly metrics: OutboxMetrics,
    private readonly signal: OutboxSignal,
    private readonly settings: OrderSettings,
  ) {
    // A failed pass is logged and counts as nothing sent: the next one (a poll or a new event) retries it.
    this.job = new PeriodicJob(
      () =>
        this.publishPending().catch((error: unknown) => {
          this.logger.warn({ msg: 'outbox relay pass failed; retrying', reason: (error as Error).message });
          return 0;
        }),
      { intervalMs: settings.outboxRelayIntervalMs, onFailure: () => undefined, runAtStart: true },
    );
  }

  onApplicationBootstrap(): void {
    if (this.settings.outboxRelayIntervalMs <= 0) return;
    // A new event is published at once only when it can be; otherwise the next poll finds it (and reports it).
    // One that arrives during a pass gets a pass right after it, as that pass may have read the outbox before it.
    this.signal.onRecorded(() => {
      if (this.publisher.available) this.job.request();
    });
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass, joining the one running; resolves to the events sent. */
  relay(): Promise<number> {
    return this.job.run();
  }

  private async publishPending(): Promise<number> {
    const orders = await this.outbox.findPending(BATCH);
    this.reportBacklog(orders);
    if (orders.length === 0) return 0;
    if (!this.publisher.available) return this.waitForBroker(orders.length);
    this.warnedUnavailable = false;
    let sent = 0;
    for (const order of orders) {
      const seen = new Set<string>();
      for (const entry of order.outbox) {
        if (seen.has(entry.id)) continue;
        seen.add(entry.id);
        // A failed publish stops the pass: the rest of this order must not overtake it.
        await this.publisher.publish(toEnvelope(order, entry));
        await this.outbox.markPublished(order._id, entry.id);
        sent += 1;
      }
    }
    this.reportBacklog(await this.outbox.findPending(BATCH));
    return sent;
  }

  private waitForBroker(orders: number): number {
    if (!this.warnedUnavailable)
      this.logger.warn({ msg: 'message broker unavailable: events wait in the outbox', ordersWaiting: orders });
    this.warnedUnavailable = true;
    return 0;
  }

  private reportBacklog(orders: { outbox: { occurredAt: Date }[] }[]): void {
    const times = orders.flatMap((order) => order.outbox.map((entry) => new Date(entry.occurredAt).getTime()));
    const oldest = times.length === 0 ? 0 : (Date.now() - Math.min(...times)) / 1000;
    this.metrics.backlog(times.length, Math.max(0, oldest));
  }
}
