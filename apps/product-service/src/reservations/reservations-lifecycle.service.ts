import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ReservationClock } from './reservation-clock';
import { ReservationMetrics } from './reservation-metrics';
import { type ReservationStatusView } from './reservation.view';
import { ReservationInProgressError, ReservationNotFoundError, ReservationReleasedError } from './reservations.errors';
import { type LeanReservation, Reservation } from './schemas/reservation.schema';
import { StockLedger } from './stock-ledger';
import { isDuplicateKeyError } from '@app/database';

const productIdsOf = (reservation: LeanReservation) => reservation.lines.map((line) => line.productId);

/**
 * What happens to a reservation after it was made: confirmation, release, expiry. Each transition is won by
 * exactly one caller (a conditional update on the status); the stock side is idempotent on its own, so a
 * caller that crashes after winning leaves work that any later caller or the sweeper can finish.
 */
@Injectable()
export class ReservationLifecycle {
  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly ledger: StockLedger,
    private readonly clock: ReservationClock,
    private readonly metrics: ReservationMetrics,
  ) {}

  async confirm(id: string): Promise<ReservationStatusView> {
    const confirmed = await this.reservations
      .findOneAndUpdate(
        { _id: id, status: 'RESERVED' },
        { $set: { status: 'CONFIRMED', confirmedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean<LeanReservation>()
      .exec();
    if (confirmed) this.metrics.transition('confirmed');
    const reservation = confirmed ?? (await this.reservations.findById(id).lean<LeanReservation>().exec());
    if (!reservation) throw new ReservationNotFoundError(id);
    if (reservation.status === 'PENDING') throw new ReservationInProgressError(id);
    if (reservation.status !== 'CONFIRMED') throw new ReservationReleasedError(id);
    if (!reservation.settled) await this.settle(reservation);
    return { reservationId: id, status: 'CONFIRMED' };
  }

  /** The units of a confirmed reservation are sold: its holds leave the product documents. */
  async settle(reservation: LeanReservation): Promise<void> {
    await this.ledger.settle(productIdsOf(reservation), reservation._id, reservation.attempt);
    await this.reservations
      .updateOne({ _id: reservation._id, status: 'CONFIRMED' }, { $set: { settled: true } })
      .exec();
  }

  async release(id: string): Promise<ReservationStatusView> {
    for (let round = 0; round < 5; round += 1) {
      const reservation = await this.reservations.findById(id).lean<LeanReservation>().exec();
      if (!reservation) {
        if (await this.recordTombstone(id)) return { reservationId: id, status: 'RELEASED' };
        continue;
      }
      if (reservation.status === 'RELEASED' || reservation.status === 'EXPIRED') {
        return { reservationId: id, status: 'RELEASED' };
      }
      if (reservation.status === 'PENDING' || reservation.status === 'RESERVED') {
        if (await this.finishUnconfirmed(reservation, 'RELEASED')) return { reservationId: id, status: 'RELEASED' };
        continue;
      }
      if (reservation.status === 'CONFIRMED') {
        const won = await this.reservations
          .updateOne({ _id: id, status: 'CONFIRMED' }, { $set: { status: 'RELEASING' } })
          .exec();
        if (won.modifiedCount === 0) continue;
      }
      await this.finishConfirmedRelease(reservation);
      return { reservationId: id, status: 'RELEASED' };
    }
    throw new ReservationInProgressError(id);
  }

  /**
   * PENDING or RESERVED -> RELEASED or EXPIRED, then every hold of the reservation goes back (any attempt's:
   * none of them will ever complete it now). False when another caller changed the reservation first.
   */
  async finishUnconfirmed(reservation: LeanReservation, to: 'RELEASED' | 'EXPIRED'): Promise<boolean> {
    const due = to === 'EXPIRED' ? { expiresAt: { $lte: new Date() } } : {};
    const won = await this.reservations
      .updateOne(
        { _id: reservation._id, status: reservation.status, attempt: reservation.attempt, ...due },
        { $set: { status: to, ...this.clock.finished() } },
      )
      .exec();
    if (won.modifiedCount === 0) return false;
    await this.ledger.returnHolds(productIdsOf(reservation), reservation._id);
    this.metrics.transition(to === 'EXPIRED' ? 'expired' : 'released');
    return true;
  }

  /** RELEASING -> RELEASED: every line back exactly once, however many callers run this concurrently. */
  async finishConfirmedRelease(reservation: LeanReservation): Promise<void> {
    for (const line of reservation.lines) {
      await this.ledger.returnConfirmedLine(line.productId, reservation._id, reservation.attempt, line.quantity);
    }
    const done = await this.reservations
      .updateOne(
        { _id: reservation._id, status: 'RELEASING' },
        { $set: { status: 'RELEASED', ...this.clock.finished() } },
      )
      .exec();
    if (done.modifiedCount === 1) this.metrics.transition('released');
  }

  /** Releasing an unknown id: a reservation arriving late for it (after a timed-out call) is then refused. */
  private async recordTombstone(id: string): Promise<boolean> {
    try {
      await this.reservations.create({
        _id: id,
        status: 'RELEASED',
        attempt: 'tombstone',
        lines: [],
        ...this.clock.finished(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
}
