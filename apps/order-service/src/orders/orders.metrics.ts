import { Injectable } from '@nestjs/common';
import { type Counter } from 'prom-client';
import { MetricsService } from '@app/metrics';

export type PlacementFailure =
  | 'cart_empty'
  | 'insufficient_stock'
  | 'product_unavailable'
  | 'upstream_unavailable'
  | 'idempotency_conflict'
  | 'other';

/**
 * Why an order was cancelled, as the `reason` of shop_orders_cancelled_total: the system's own reasons (as in
 * the status history) and who cancelled by hand. Anything else is `other`, so the label set stays fixed.
 */
export const CANCEL_REASONS = [
  'PAYMENT_FAILED',
  'PAYMENT_EXPIRED',
  'RESERVATION_EXPIRED',
  'shopper',
  'admin',
  'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/**
 * The currencies revenue is broken down by. Products may be priced in any ISO 4217 code; every other code is
 * counted as `other`, so a catalog mistake can never multiply the series.
 */
export const REVENUE_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'DKK', 'NOK', 'PLN', 'CZK', 'CAD', 'AUD', 'JPY'];

/** The `currency` label of a money counter: the code when the shop reports it, else `other`. */
export function currencyLabel(currency: string | undefined): string {
  const code = currency?.toUpperCase() ?? '';
  return REVENUE_CURRENCIES.includes(code) ? code : 'other';
}

/** The `reason` label of a cancellation recorded by the service itself (the reason in its status history). */
export function systemCancelReason(reason: string | undefined): CancelReason {
  return (CANCEL_REASONS as readonly string[]).includes(reason ?? '') ? (reason as CancelReason) : 'other';
}

/**
 * Business counters of order-service, next to the shared HTTP and upstream metrics on /metrics. The `shop_*`
 * ones are what the shop dashboard is built from (docs/operations/monitoring.md): no label ever names a shopper,
 * an order or a product.
 */
@Injectable()
export class OrderMetrics {
  private readonly placed: Counter<string>;
  private readonly failed: Counter<'reason'>;
  private readonly transitions: Counter<'to'>;
  private readonly cartClearFailures: Counter<string>;
  private readonly shopPlaced: Counter<string>;
  private readonly checkoutsStarted: Counter<string>;
  private readonly paid: Counter<'currency'>;
  private readonly cancelled: Counter<'reason'>;
  private readonly revenue: Counter<'currency'>;

  constructor(metrics: MetricsService) {
    this.placed = metrics.counter('orders_placed_total', 'Orders placed (stock reserved, order PENDING_PAYMENT).');
    this.failed = metrics.counter('orders_failed_total', 'Order placements that failed, by reason.', ['reason']);
    this.transitions = metrics.counter('order_status_changes_total', 'Order status changes after placement.', ['to']);
    this.cartClearFailures = metrics.counter(
      'order_cart_clear_failures_total',
      'Attempts to empty the cart after an order that failed (the clear is retried).',
    );
    this.checkoutsStarted = metrics.counter(
      'shop_checkouts_started_total',
      'Checkouts started: order placements that found items in the cart (placed or not).',
    );
    this.shopPlaced = metrics.counter('shop_orders_placed_total', 'Orders placed and waiting for payment.');
    // By currency too, so the average order value (revenue / paid orders) is computed within one currency.
    this.paid = metrics.counter('shop_orders_paid_total', 'Orders paid (PENDING_PAYMENT to CONFIRMED), by currency.', [
      'currency',
    ]);
    this.cancelled = metrics.counter('shop_orders_cancelled_total', 'Orders cancelled, by reason.', ['reason']);
    this.revenue = metrics.counter(
      'shop_revenue_minor_total',
      'Sum of the totals of paid orders, in minor units (cents), by currency.',
      ['currency'],
    );
    // Every series exists from start-up at 0, so rate() and increase() see the first event of each too.
    for (const reason of CANCEL_REASONS) this.cancelled.inc({ reason }, 0);
    for (const currency of [...REVENUE_CURRENCIES, 'other']) {
      this.paid.inc({ currency }, 0);
      this.revenue.inc({ currency }, 0);
    }
  }

  /** A placement read a cart with items: the start of a checkout, whether or not the order is then placed. */
  checkoutStarted(): void {
    this.checkoutsStarted.inc();
  }

  orderPlaced(): void {
    this.placed.inc();
    this.shopPlaced.inc();
  }

  orderFailed(reason: PlacementFailure): void {
    this.failed.inc({ reason });
  }

  /** An order moved to CONFIRMED by its payment (counted once: only the write that confirmed it calls this). */
  orderPaid(total: number, currency: string | undefined): void {
    const label = { currency: currencyLabel(currency) };
    this.paid.inc(label);
    this.revenue.inc(label, total);
  }

  orderCancelled(reason: CancelReason): void {
    this.cancelled.inc({ reason });
  }

  statusChanged(to: string): void {
    this.transitions.inc({ to });
  }

  cartClearFailed(): void {
    this.cartClearFailures.inc();
  }
}
