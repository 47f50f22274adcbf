import { APP_NAMESPACE } from '../config/namespaces';
import type { AlertRule } from './alert-rules';
import { serviceSelector } from './metrics';

/** What libs/messaging and order-service's outbox expose on /metrics (the names of the runtime contract). */
export const EVENT_METRICS = {
  /** Counter by `type`. */
  published: 'events_published_total',
  /** Counter: a publish the broker did not confirm (the event stays in the outbox and is tried again). */
  publishFailures: 'events_publish_failures_total',
  /** Counter by `queue`, `type`, `outcome`. */
  consumed: 'events_consumed_total',
  /** Counter by `queue`, `type`. */
  retried: 'events_retried_total',
  /** Counter by `queue`, `type`. */
  deadLettered: 'events_dead_lettered_total',
  /** Gauge by `queue`: ready messages, `.dead` queues included. */
  queueDepth: 'messaging_queue_depth',
  /** Gauge 0/1 per pod: connected to the broker. */
  connected: 'messaging_connected',
  /** order-service gauges: events not yet published, and the age of the oldest of them. */
  outboxPending: 'outbox_pending_events',
  outboxOldestSeconds: 'outbox_oldest_pending_seconds',
  /** notification-service counter by `type`, `outcome`. */
  mailsSent: 'notifications_sent_total',
} as const;

/** The queue notification-service consumes (libs/messaging: `<service>.<purpose>`). */
export const SHOPPER_MAILS_QUEUE = 'notification-service.shopper-mails';

/** Ready messages per queue; every replica reports the same broker-side count, so max, not sum. */
const depth = (queueMatcher: string) =>
  `max by (queue) (${EVENT_METRICS.queueDepth}{namespace="${APP_NAMESPACE}",${queueMatcher}})`;

/**
 * Alerts on the event bus. A dead letter pages: some shopper did not get a mail and nothing retries it. The others
 * warn: events are late, none is lost (they wait in the outbox or in the queue). Each links its runbook.
 */
export function eventAlertRules(runbookBaseUrl: string): AlertRule[] {
  const dead = `${runbookBaseUrl}/dead-lettered-events.md`;
  const down = `${runbookBaseUrl}/broker-unreachable.md`;
  return [
    {
      alert: 'EventsDeadLettered',
      expr: `${depth('queue=~".+\\\\.dead"')} > 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: '{{ $value }} messages wait in {{ $labels.queue }}',
        description:
          'Their consumer gave up on them after AMQP_MAX_ATTEMPTS deliveries: the mails they stand for were not ' +
          'sent. Read why (x-last-error), fix the cause, then replay or discard them.',
        runbook_url: `${dead}#eventsdeadlettered`,
      },
    },
    {
      alert: 'NotificationQueueBacklog',
      expr: `${depth(`queue="${SHOPPER_MAILS_QUEUE}"`)} > 1000`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `More than 1000 events have waited in ${SHOPPER_MAILS_QUEUE} for 10 minutes`,
        description:
          'notification-service is not keeping up or not consuming (pods down, user-service or SES failing or ' +
          'throttling): shoppers get their mails late.',
        runbook_url: `${down}#notificationqueuebacklog`,
      },
    },
    {
      alert: 'OutboxEventsStuck',
      // Every replica reads the same outbox from the database.
      expr: `max(${EVENT_METRICS.outboxOldestSeconds}${serviceSelector('order-service')}) > 300`,
      for: '0m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'An order event has waited more than 5 minutes in order-service’s outbox',
        description:
          'The relay cannot publish (broker down or unreachable, credentials rotated): orders work, events and ' +
          'mails are delayed, nothing is lost. outbox_pending_events says how many wait.',
        runbook_url: `${down}#outboxeventsstuck`,
      },
    },
    {
      alert: 'BrokerDisconnected',
      expr: `min by (service, pod) (${EVENT_METRICS.connected}${serviceSelector()}) == 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $labels.pod }} ({{ $labels.service }}) has not been connected to the broker for 5 minutes',
        description:
          'Broker down, in maintenance, unreachable (security group, NetworkPolicy) or refusing the credentials. ' +
          'Publishers keep events in the outbox; consumers resume where they stopped.',
        runbook_url: `${down}#brokerdisconnected`,
      },
    },
  ];
}
