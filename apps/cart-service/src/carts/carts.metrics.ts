import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/metrics';
import { type Counter } from 'prom-client';

export type CartOperation = 'add' | 'set_quantity' | 'remove' | 'clear' | 'clear_ordered';

/** Business counters: carts created, changes by kind, and reads answered from last-known product data. */
@Injectable()
export class CartsMetrics {
  private readonly created: Counter;
  private readonly updated: Counter<'operation'>;
  private readonly staleReads: Counter;

  constructor(metrics: MetricsService) {
    this.created = metrics.counter('carts_created_total', 'Carts created (on a shopper’s first change).');
    this.updated = metrics.counter('cart_updates_total', 'Changes to carts by operation.', ['operation']);
    this.staleReads = metrics.counter(
      'cart_stale_reads_total',
      'Carts shown with last-known product data because product-service could not be reached.',
    );
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
