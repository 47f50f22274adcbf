import { Injectable } from '@nestjs/common';
import { MetricsService } from '@app/metrics';
import { type Counter } from 'prom-client';

export type ReserveOutcome =
  'reserved' | 'replayed' | 'insufficient_stock' | 'product_unavailable' | 'reservation_released' | 'in_progress';
export type Transition = 'confirmed' | 'released' | 'expired' | 'orphan_returned';

/** Business counters: how reservation requests end, and what happens to reservations afterwards. */
@Injectable()
export class ReservationsMetrics {
  private readonly outcomes: Counter<'outcome'>;
  private readonly transitions: Counter<'transition'>;

  constructor(metrics: MetricsService) {
    this.outcomes = metrics.counter('product_stock_reservations_total', 'Stock reservation requests by outcome.', [
      'outcome',
    ]);
    this.transitions = metrics.counter(
      'product_stock_reservation_transitions_total',
      'Reservations confirmed, released, expired, and orphaned holds given back by the sweeper.',
      ['transition'],
    );
  }

  reserve(outcome: ReserveOutcome): void {
    this.outcomes.inc({ outcome });
  }

  transition(transition: Transition, count = 1): void {
    if (count > 0) this.transitions.inc({ transition }, count);
  }
}
