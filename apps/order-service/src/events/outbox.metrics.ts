import { Injectable } from '@nestjs/common';
import { type Gauge } from 'prom-client';
import { MetricsService } from '@app/metrics';

/** How far the outbox is behind: grows while the broker is away, and drains when it is back. */
@Injectable()
export class OutboxMetrics {
  private readonly pending: Gauge<string>;
  private readonly oldest: Gauge<string>;

  constructor(metrics: MetricsService) {
    this.pending = metrics.gauge(
      'outbox_pending_events',
      'Events recorded but not yet confirmed by the broker (counted over the relay batch, so capped at its size).',
    );
    this.oldest = metrics.gauge('outbox_oldest_pending_seconds', 'Age of the oldest event not yet published.');
    this.pending.set(0);
    this.oldest.set(0);
  }

  backlog(events: number, oldestAgeSeconds: number): void {
    this.pending.set(events);
    this.oldest.set(oldestAgeSeconds);
  }
}
