import { Injectable } from '@nestjs/common';
import { type Counter, type Gauge } from 'prom-client';
import { MetricsService } from '@app/metrics';
import { currencyLabel, REVENUE_CURRENCIES } from '../orders/orders.metrics';

const ATTEMPT_OUTCOMES = ['succeeded', 'failed', 'requires_action', 'processing', 'error'] as const;
const WEBHOOK_RESULTS = ['applied', 'ignored', 'invalid_signature'] as const;
const REFUND_OUTCOMES = ['succeeded', 'failed'] as const;

/**
 * The decline codes shop_payment_declines_total tells apart: Stripe's common decline codes
 * (https://docs.stripe.com/declines/codes), what the provider adapters fall back to (`card_declined`,
 * `payment_failed`) and `other` for the rest, so an unknown code can never add a series.
 */
export const DECLINE_CODES = [
  'generic_decline',
  'insufficient_funds',
  'lost_card',
  'stolen_card',
  'expired_card',
  'incorrect_cvc',
  'incorrect_number',
  'processing_error',
  'do_not_honor',
  'fraudulent',
  'card_not_supported',
  'card_velocity_exceeded',
  'currency_not_supported',
  'authentication_required',
  'try_again_later',
  'transaction_not_allowed',
  'card_declined',
  'payment_failed',
  'other',
] as const;

/** The `code` label of a decline: the provider's code when it is one of DECLINE_CODES, else `other`. */
export function declineCodeLabel(code: string | undefined): (typeof DECLINE_CODES)[number] {
  return (DECLINE_CODES as readonly string[]).includes(code ?? '') ? (code as (typeof DECLINE_CODES)[number]) : 'other';
}

/** The payment counters the alerts watch (docs/operations/runbooks), next to the order counters. */
@Injectable()
export class PaymentMetrics {
  private readonly attempts: Counter<'outcome'>;
  private readonly webhooks: Counter<'result'>;
  private readonly refunds: Counter<'outcome'>;
  private readonly overdue: Gauge<string>;
  private readonly declines: Counter<'code'>;
  private readonly refunded: Counter<'currency'>;

  constructor(metrics: MetricsService) {
    this.attempts = metrics.counter('payments_total', 'Payment attempts, by what they came to.', ['outcome']);
    this.webhooks = metrics.counter('payment_webhooks_total', 'Payment provider events, by result.', ['result']);
    this.refunds = metrics.counter('refunds_total', 'Refunds sent to the payment provider, by outcome.', ['outcome']);
    this.overdue = metrics.gauge(
      'orders_pending_payment_overdue',
      'Orders still PENDING_PAYMENT after their payment deadline (the sweeper cancels them; > 0 for long: stuck).',
    );
    this.declines = metrics.counter('shop_payment_declines_total', 'Payments declined, by decline code.', ['code']);
    this.refunded = metrics.counter(
      'shop_refunded_minor_total',
      'Money refunded (refunds the provider accepted), in minor units (cents), by currency.',
      ['currency'],
    );
    // Every series exists from start-up at 0, so rate() and increase() in the alerts see the first event too.
    for (const code of DECLINE_CODES) this.declines.inc({ code }, 0);
    for (const currency of [...REVENUE_CURRENCIES, 'other']) this.refunded.inc({ currency }, 0);
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

  /** One decline counted against an order (PAYMENT_MAX_ATTEMPTS of them cancel it), by its decline code. */
  declined(code: string | undefined): void {
    this.declines.inc({ code: declineCodeLabel(code) });
  }

  /** A refund the provider accepted, recorded once on the order. */
  refundedMoney(amount: number, currency: string | undefined): void {
    this.refunded.inc({ currency: currencyLabel(currency) }, amount);
  }

  overduePayments(count: number): void {
    this.overdue.set(count);
  }
}
