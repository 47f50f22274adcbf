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

/** Business counters of order-service, next to the shared HTTP and upstream metrics on /metrics. */
@Injectable()
export class OrderMetrics {
  private readonly placed: Counter<string>;
  private readonly failed: Counter<'reason'>;
  private readonly transitions: Counter<'to'>;
  private readonly cartClearFailures: Counter<string>;

  constructor(metrics: MetricsService) {
    this.placed = metrics.counter('orders_placed_total', 'Orders placed (stock reserved, order PENDING_PAYMENT).');
    this.failed = metrics.counter('orders_failed_total', 'Order placements that failed, by reason.', ['reason']);
    this.transitions = metrics.counter('order_status_changes_total', 'Order status changes after placement.', ['to']);
    this.cartClearFailures = metrics.counter(
      'order_cart_clear_failures_total',
      'Attempts to empty the cart after an order that failed (the clear is retried).',
    );
  }

  orderPlaced(): void {
    this.placed.inc();
  }

  orderFailed(reason: PlacementFailure): void {
    this.failed.inc({ reason });
  }

  statusChanged(to: string): void {
    this.transitions.inc({ to });
  }

  cartClearFailed(): void {
    this.cartClearFailures.inc();
  }
}
