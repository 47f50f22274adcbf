import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/metrics';
import { type Counter, type Gauge } from 'prom-client';

export type CartOperation = 'add' | 'set_quantity' | 'remove' | 'clear' | 'clear_ordered';

/**
 * Business counters: carts created, changes by kind, and reads answered from last-known product data; and the
 * shop's (docs/operations/monitoring.md): carts that got items, and carts abandoned with items in them.
 */
@Injectable()
export class CartsMetrics {
  private readonly created: Counter;
  private readonly updated: Counter<'operation'>;
  private readonly staleReads: Counter;
  private readonly filled: Counter;
  private readonly abandoned: Gauge;

  constructor(metrics: MetricsService) {
    this.created = metrics.counter('carts_created_total', 'Carts created (on a shopper’s first change).');
    this.updated = metrics.counter('cart_updates_total', 'Changes to carts by operation.', ['operation']);
    this.staleReads = metrics.counter(
      'cart_stale_reads_total',
      'Carts shown with last-known product data because product-service could not be reached.',
    );
    this.filled = metrics.counter(
      'shop_carts_with_items_created_total',
      'Carts that got their first item (an empty or new cart given a product): the start of a shopping visit.',
    );
    this.abandoned = metrics.gauge(
      'shop_carts_abandoned',
      'Carts with items nobody changed for CART_ABANDONED_AFTER_MINUTES (same count in every replica).',
    );
  }

  /** An empty (or new) cart got its first item. */
  cartFilled(): void {
    this.filled.inc();
  }

  abandonedCarts(count: number): void {
    this.abandoned.set(count);
  }

  cartCreated(): void {
    this.created.inc();
  }

  cartUpdated(operation: CartOperation): void {
    this.updated.inc({ operation });
  }

  staleRead(): void {
    this.staleReads.inc();
  }
}
