import { SERVICE_NAMES, SERVICES } from '../config/services';
import type { AlertRule } from './alert-rules';
import { serviceSelector } from './metrics';

/** The service that takes payments (order-service) and exposes the payment metrics below. */
export const PAYING_SERVICE = SERVICE_NAMES.find((service) => SERVICES[service].takesPayments) ?? 'order-service';

/**
 * What order-service exposes on /metrics about payments. Counters are created on first use, so a series that
 * appears already at 1 is invisible to increase() and rate(): the refund alert also catches new series.
 */
export const PAYMENT_METRICS = {
  /** Gauge: orders still PENDING_PAYMENT after their deadline (the sweeper cancels them within a minute). */
  overdue: 'orders_pending_payment_overdue',
  /** Counter by `outcome`: succeeded, failed, requires_action, error. */
  payments: 'payments_total',
  /** Counter by `result`: applied (first delivery of an event), ignored (redelivery, unknown), invalid_signature. */
  webhooks: 'payment_webhooks_total',
  /** Counter by `outcome`: succeeded, failed. */
  refunds: 'refunds_total',
} as const;

/** One payment series of the paying service, e.g. `refunds_total{namespace="ecommerce",service="order-service",outcome="failed"}`. */
export const paymentSeries = (metric: string, label?: string) => `${metric}${serviceSelector(PAYING_SERVICE, label)}`;

/**
 * Alerts on the payment path. Each links its runbook: the fixes live in Stripe's dashboard and the stack config,
 * not in the cluster. `runbookBaseUrl` is where docs/operations/runbooks is browsable.
 */
export function paymentAlertRules(runbookBaseUrl: string): AlertRule[] {
  const stuck = `${runbookBaseUrl}/payments-stuck.md`;
  const succeeded = paymentSeries(PAYMENT_METRICS.payments, 'outcome="succeeded"');
  const applied = paymentSeries(PAYMENT_METRICS.webhooks, 'result="applied"');
  const invalid = paymentSeries(PAYMENT_METRICS.webhooks, 'result="invalid_signature"');
  const failedRefunds = paymentSeries(PAYMENT_METRICS.refunds, 'outcome="failed"');
  return [
    {
      alert: 'PaymentsPastDeadline',
      // Every replica may report the same count from the database: max, not sum.
      expr: `max(${paymentSeries(PAYMENT_METRICS.overdue)}) > 0`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $value }} orders are still PENDING_PAYMENT past their payment deadline',
        description:
          'The sweeper should cancel them (PAYMENT_EXPIRED) and release their stock within a minute: it is stuck ' +
          'or failing. Their stock stays held until it runs.',
        runbook_url: `${stuck}#paymentspastdeadline`,
      },
    },
    {
      alert: 'PaymentWebhooksMissing',
      // Absence, not a ratio: with no applied webhook the right side is empty (no series at all), which `unless`
      // treats as "nothing applied". Only fires while payments succeed, so a quiet night stays quiet.
      expr: `sum(increase(${succeeded}[2h])) > 0 unless sum(increase(${applied}[2h])) > 0`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Payments succeeded in the last 2 hours but no Stripe webhook was applied',
        description:
          'Stripe is not delivering to POST /api/v1/payments/stripe/webhook (endpoint disabled or wrong URL, ALB ' +
          'route, or every delivery failing). Orders confirmed by the synchronous answer are fine; 3-D Secure ' +
          'payments and refunds done in Stripe are not applied.',
        runbook_url: `${stuck}#paymentwebhooksmissing`,
      },
    },
    {
      alert: 'PaymentWebhookSignaturesInvalid',
      expr: `sum(rate(${invalid}[5m])) > 0`,
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Stripe webhooks have been refused for an invalid signature for 15 minutes',
        description:
          'The webhook signing secret differs between Stripe and the stack (rotated on one side only), or someone ' +
          'posts forged events. Stripe retries refused deliveries for up to 3 days.',
        runbook_url: `${stuck}#paymentwebhooksignaturesinvalid`,
      },
    },
    {
      alert: 'RefundsFailing',
      // The second term catches a failure counted on a series that did not exist 15 minutes ago (the first
      // failure since a pod started), which increase() cannot see.
      expr:
        `sum(increase(${failedRefunds}[15m])) > 0` + ` or sum(${failedRefunds} unless ${failedRefunds} offset 15m) > 0`,
      for: '0m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'A refund failed in the last 15 minutes: a shopper has paid for a cancelled order',
        description: 'Find the order in the logs and the refund in Stripe; refund it by hand if Stripe refused it.',
        runbook_url: `${stuck}#refundsfailing`,
      },
    },
  ];
}
