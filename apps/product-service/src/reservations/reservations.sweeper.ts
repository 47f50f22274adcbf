import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '@app/scheduling';
import { ProductSettings } from '../product-settings';
import { type FoundHold, ProductRepository } from '../products/product.repository';
import { ReservationRepository } from './reservation.repository';
import { ReservationsLifecycleService } from './reservations-lifecycle.service';
import { ReservationsMetrics } from './reservations.metrics';
import { type LeanReservation } from './schemas/reservation.schema';

/** Work older than this was abandoned by a crashed caller (a live one finishes in milliseconds). */
const ABANDONED_AFTER_MS = 10_000;
/** Return marks guard against a release repeated this long after the first one. */
const RETURN_MARK_RETENTION_MS = 24 * 3600 * 1000;
/** Products whose old holds are checked per pass. */
const ORPHAN_BATCH = 200;

/**
 * A hold is an orphan when nothing will ever give it back through the normal path: its reservation is gone
 * or finished, or the hold belongs to an attempt that lost the claim (a caller that crashed between holding
 * and giving back, or a stale retry). Orphans are returned with the same exactly-once update as any hold.
 */
export function isOrphan(hold: FoundHold, reservation: LeanReservation | undefined): boolean {
  if (!reservation) return true;
  if (reservation.status === 'RELEASED' || reservation.status === 'EXPIRED') return true;
  return hold.a !== reservation.attempt;
}

/**
 * Runs on every replica, every RESERVATION_SWEEP_INTERVAL_MS: expires unconfirmed reservations and finishes
 * whatever a crashed caller left half done. Every step is a conditional transition or an idempotent stock
 * update, so replicas sweeping at the same time return each unit exactly once.
 */
@Injectable()
export class ReservationsSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReservationsSweeper.name);
  private readonly job: PeriodicJob<void>;

  constructor(
    private readonly settings: ProductSettings,
    private readonly reservations: ReservationRepository,
    private readonly products: ProductRepository,
    private readonly lifecycle: ReservationsLifecycleService,
    private readonly metrics: ReservationsMetrics,
  ) {
    // A slow pass is never overlapped by the next one: the job joins it.
    this.job = new PeriodicJob(() => this.sweep(), {
      intervalMs: settings.reservationSweepIntervalMs,
      onFailure: (error) => this.logger.warn({ msg: 'reservation sweep failed', error: String(error) }),
    });
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** One pass; exposed so tests can sweep at a chosen moment. */
  async sweep(now = new Date()): Promise<void> {
    for (const due of await this.reservations.findDueForExpiry(now)) {
      await this.lifecycle.finishUnconfirmed(due, 'EXPIRED');
    }
    const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
    for (const unsettled of await this.reservations.findUnsettledConfirmedBefore(abandoned)) {
      await this.lifecycle.settle(unsettled);
    }
    for (const stuck of await this.reservations.findReleasingIdleSince(abandoned)) {
      await this.lifecycle.finishConfirmedRelease(stuck);
    }
    // Every legitimate hold this old belongs to a reservation due for expiry, settling or release, which the
    // steps above handle; what is left is an orphan. The cutoff keeps this query small.
    const ttlMs = this.settings.reservationTtlSeconds * 1000;
    await this.returnOrphans(new Date(abandoned.getTime() - ttlMs));
    await this.products.forgetReturnsBefore(new Date(now.getTime() - RETURN_MARK_RETENTION_MS));
  }

  /** Looks only at holds older than `before`, so reservations still being made are left alone. */
  async returnOrphans(before: Date): Promise<number> {
    const holds = await this.products.findHoldsOlderThan(before, ORPHAN_BATCH);
    if (holds.length === 0) return 0;
    const found = await this.reservations.findByIds([...new Set(holds.map((hold) => hold.r))]);
    const byId = new Map(found.map((reservation) => [reservation._id, reservation]));
    let returned = 0;
    for (const hold of holds) {
      if (isOrphan(hold, byId.get(hold.r)) && (await this.products.returnHold(hold))) returned += 1;
    }
    this.metrics.transition('orphan_returned', returned);
    return returned;
  }
}
