import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

/**
 * sent: mailed; skipped: nobody to mail (user gone or disabled); duplicate: the event was already handled, so
 * nothing was sent again; failed: this attempt failed and the bus retries (or dead-letters) the event.
 */
export type NotificationOutcome = 'sent' | 'skipped' | 'duplicate' | 'failed';

/** Business counters of notification-service, next to the shared HTTP, upstream and messaging metrics. */
@Injectable()
export class NotificationMetrics {
  private readonly notifications: Counter<'type' | 'outcome'>;

  constructor(metrics: MetricsService) {
    this.notifications = metrics.counter(
      'notifications_sent_total',
      'Shopper mails by event type and outcome (sent, skipped, duplicate, failed).',
      ['type', 'outcome'],
    );
  }

  notification(type: string, outcome: NotificationOutcome): void {
    this.notifications.inc({ type, outcome });
  }
}
