import { Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ProductSettings } from '../product-settings';
import { OrphanHolds } from './orphan-holds';
import { ReservationLifecycle } from './reservation-lifecycle';
import { type LeanReservation, Reservation } from './schemas/reservation.schema';
import { StockLedger } from './stock-ledger';

const BATCH = 100;
/** Work older than this was abandoned by a crashed caller (a live one finishes in milliseconds). */
const ABANDONED_AFTER_MS = 10_000;
/** Return marks guard against a release repeated this long after the first one. */
export const RETURN_MARK_RETENTION_MS = 24 * 3600 * 1000;

/**
 * Runs on every replica, every RESERVATION_SWEEP_INTERVAL_MS: expires unconfirmed reservations and finishes
 * whatever a crashed caller left half done. Every step is a conditional transition or an idempotent stock
 * update, so replicas sweeping at the same time return each unit exactly once.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReservationSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly settings: ProductSettings,
    private readonly lifecycle: ReservationLifecycle,
    private readonly orphans: OrphanHolds,
    private readonly ledger: StockLedger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.settings.reservationSweepIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass; exposed so tests can sweep at a chosen moment. */
  async sweep(now = new Date()): Promise<void> {
    await this.expireDue(now);
    const abandoned = new Date(now.getTime() - ABANDONED_AFTER_MS);
    await this.settleConfirmed(abandoned);
    await this.finishReleasing(abandoned);
    // Every legitimate hold this old belongs to a reservation due for expiry, settling or release, which the
    // steps above handle; what is left is an orphan. The cutoff keeps this query small.
    const ttlMs = this.settings.reservationTtlSeconds * 1000;
    await this.orphans.returnOrphans(new Date(abandoned.getTime() - ttlMs));
    await this.ledger.forgetReturnsBefore(new Date(now.getTime() - RETURN_MARK_RETENTION_MS));
  }

  private async tick(): Promise<void> {
    if (this.running) return; // a slow pass is never overlapped by the next one
    this.running = this.sweep()
      .catch((error: unknown) => this.logger.warn({ msg: 'reservation sweep failed', error: String(error) }))
      .finally(() => (this.running = undefined));
    await this.running;
  }

  private async expireDue(now: Date): Promise<void> {
    const due = await this.find({ status: { $in: ['PENDING', 'RESERVED'] }, expiresAt: { $lte: now } });
    for (const reservation of due) await this.lifecycle.finishUnconfirmed(reservation, 'EXPIRED');
  }

  private async settleConfirmed(before: Date): Promise<void> {
    const unsettled = await this.find({ status: 'CONFIRMED', settled: false, confirmedAt: { $lte: before } });
    for (const reservation of unsettled) await this.lifecycle.settle(reservation);
  }

  private async finishReleasing(before: Date): Promise<void> {
    const stuck = await this.find({ status: 'RELEASING', updatedAt: { $lte: before } });
    for (const reservation of stuck) await this.lifecycle.finishConfirmedRelease(reservation);
  }

  private find(filter: Record<string, unknown>): Promise<LeanReservation[]> {
    return this.reservations.find(filter).limit(BATCH).lean<LeanReservation[]>().exec();
  }
}
