import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ReservationMetrics } from './reservation-metrics';
import { type LeanReservation, Reservation } from './schemas/reservation.schema';
import { type FoundHold, StockLedger } from './stock-ledger';

const BATCH = 200;

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

@Injectable()
export class OrphanHolds {
  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly ledger: StockLedger,
    private readonly metrics: ReservationMetrics,
  ) {}

  /** Looks only at holds older than `before`, so reservations still being made are left alone. */
  async returnOrphans(before: Date): Promise<number> {
    const holds = await this.ledger.holdsOlderThan(before, BATCH);
    if (holds.length === 0) return 0;
    const ids = [...new Set(holds.map((hold) => hold.r))];
    const found = await this.reservations
      .find({ _id: { $in: ids } })
      .lean<LeanReservation[]>()
      .exec();
    const byId = new Map(found.map((reservation) => [reservation._id, reservation]));
    let returned = 0;
    for (const hold of holds) {
      if (isOrphan(hold, byId.get(hold.r)) && (await this.ledger.returnHold(hold))) returned += 1;
    }
    this.metrics.transition('orphan_returned', returned);
    return returned;
  }
}
