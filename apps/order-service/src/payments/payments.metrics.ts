import { Injectable } from '@nestjs/common';
import { type Counter, type Gauge } from 'prom-client';
import { MetricsService } from '@app/metrics';

const ATTEMPT_OUTCOMES = ['succeeded', 'failed', 'requires_action', 'processing', 'error'] as const;
const WEBHOOK_RESULTS = ['applied', 'ignored', 'invalid_signature'] as const;
const REFUND_OUTCOMES = ['succeeded', 'failed'] as const;

/** The payment counters the alerts watch (docs/operations/runbooks), next to the order counters. */
@Injectable()
export class PaymentMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly webhooks: Counter<'result'>;
  private readonly refunds: Counter<'outcome'>;
  private readonly overdue: Gauge<string>;

  constructor(metrics: MetricsService) {
    this.attempts = metrics.counter('payments_total', 'Payment attempts, by what they came to.', ['outcome']);
    this.webhooks = metrics.counter('payment_webhooks_total', 'Payment provider events, by result.', ['result']);
    this.refunds = metrics.counter('refunds_total', 'Refunds sent to the payment provider, by outcome.', ['outcome']);
    this.overdue = metrics.gauge(
      'orders_pending_payment_overdue',
      'Orders still PENDING_PAYMENT after their payment deadline (the sweeper cancels them; > 0 for long: stuck).',
    );
    // Every series exists from start-up at 0, so rate() and increase() in the alerts see the first event too.
    for (const outcome of ATTEMPT_OUTCOMES) this.attempts.inc({ outcome }, 0);
    for (const result of WEBHOOK_RESULTS) this.webhooks.inc({ result }, 0);
    for (const outcome of REFUND_OUTCOMES) this.refunds.inc({ outcome }, 0);
  }

  attempt(outcome: (typeof ATTEMPT_OUTCOMES)[number]): void {
    this.attempts.inc({ outcome });
  }

  webhook(result: (typeof WEBHOOK_RESULTS)[number]): void {
    this.webhooks.inc({ result });
  }

  refund(outcome: (typeof REFUND_OUTCOMES)[number]): void {
    this.refunds.inc({ outcome });
  }

  overduePayments(count: number): void {
    this.overdue.set(count);
  }
}
