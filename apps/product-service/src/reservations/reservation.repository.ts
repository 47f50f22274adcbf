import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@app/database';
import { Model, type QueryFilter } from 'mongoose';
import { ProductSettings } from '../product-settings';
import {
  type LeanReservation,
  Reservation,
  type ReservationLine,
  type ReservationStatus,
} from './schemas/reservation.schema';

/** Finished reservations and tombstones are kept long enough that any late duplicate is still recognised. */
const FINISHED_RETENTION_MS = 30 * 24 * 3600 * 1000;
/** The sweeper works through this many reservations per step and pass. */
const SWEEP_BATCH = 100;
const AFTER = { returnDocument: 'after' } as const;

/**
 * Reservations and their state machine (docs/decisions/0008-stock-reservations.md). Every transition is one
 * conditional update on the current status (and, while PENDING, on the attempt that owns it), so exactly one
 * caller wins it; the unique `_id` (the caller's reservation id) makes a reservation id idempotent.
 */
@Injectable()
export class ReservationRepository {
  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly settings: ProductSettings,
  ) {}

  findById(id: string): Promise<LeanReservation | null> {
    return this.reservations.findById(id).lean<LeanReservation>().exec();
  }

  findByIds(ids: string[]): Promise<LeanReservation[]> {
    return this.reservations
      .find({ _id: { $in: ids } })
      .lean<LeanReservation[]>()
      .exec();
  }

  /** Claims a new id for `attempt`; false when the id is taken. */
  insertPending(id: string, attempt: string, lines: ReservationLine[]): Promise<boolean> {
    return this.insertUnlessTaken({ _id: id, status: 'PENDING', attempt, lines, expiresAt: this.expiresAt() });
  }

  /**
   * Hands a PENDING reservation still owned by the stalled attempt to `attempt`; the earlier attempt can then
   * no longer complete it. Null when somebody changed it first.
   */
  takeOverPending(stalled: LeanReservation, attempt: string): Promise<LeanReservation | null> {
    return this.reservations
      .findOneAndUpdate(
        { _id: stalled._id, status: 'PENDING', attempt: stalled.attempt },
        { $set: { attempt, expiresAt: this.expiresAt() } },
        AFTER,
      )
      .lean<LeanReservation>()
      .exec();
  }

  /** Removes a PENDING reservation only while `attempt` still owns it, so the id can be tried again later. */
  async deletePending(id: string, attempt: string): Promise<void> {
    await this.reservations.deleteOne({ _id: id, status: 'PENDING', attempt }).exec();
  }

  /** PENDING -> RESERVED with the held lines, only for the attempt that still owns the claim. */
  markReserved(id: string, attempt: string, lines: ReservationLine[]): Promise<LeanReservation | null> {
    return this.reservations
      .findOneAndUpdate(
        { _id: id, status: 'PENDING', attempt },
        { $set: { status: 'RESERVED', lines, expiresAt: this.expiresAt() } },
        AFTER,
      )
      .lean<LeanReservation>()
      .exec();
  }

  /** RESERVED -> CONFIRMED; null when the reservation is missing or in another status. */
  markConfirmed(id: string): Promise<LeanReservation | null> {
    return this.reservations
      .findOneAndUpdate(
        { _id: id, status: 'RESERVED' },
        { $set: { status: 'CONFIRMED', confirmedAt: new Date() } },
        AFTER,
      )
      .lean<LeanReservation>()
      .exec();
  }

  /** Records that the holds of a confirmed reservation left its products. */
  async markSettled(id: string): Promise<void> {
    await this.reservations.updateOne({ _id: id, status: 'CONFIRMED' }, { $set: { settled: true } }).exec();
  }

  /**
   * PENDING or RESERVED -> RELEASED or EXPIRED, as the caller last read it (same status and attempt) and, for
   * expiry, only once due. False when another caller changed the reservation first.
   */
  finishUnconfirmed(reservation: LeanReservation, to: 'RELEASED' | 'EXPIRED'): Promise<boolean> {
    const due = to === 'EXPIRED' ? { expiresAt: { $lte: new Date() } } : {};
    return this.transition(
      { _id: reservation._id, status: reservation.status, attempt: reservation.attempt, ...due },
      { status: to, ...this.finished() },
    );
  }

  /** CONFIRMED -> RELEASING: the caller that wins gives the stock back. */
  startConfirmedRelease(id: string): Promise<boolean> {
    return this.transition({ _id: id, status: 'CONFIRMED' }, { status: 'RELEASING' });
  }

  /** RELEASING -> RELEASED, once every line is back; false when another caller finished it. */
  finishConfirmedRelease(id: string): Promise<boolean> {
    return this.transition({ _id: id, status: 'RELEASING' }, { status: 'RELEASED', ...this.finished() });
  }

  /** Records an unknown id as released, so a reservation arriving late with it is refused; false if taken. */
  insertTombstone(id: string): Promise<boolean> {
    return this.insertUnlessTaken({ _id: id, status: 'RELEASED', attempt: 'tombstone', lines: [], ...this.finished() });
  }

  /** Unconfirmed reservations whose deadline has passed. */
  findDueForExpiry(now: Date): Promise<LeanReservation[]> {
    return this.findBatch({ status: { $in: ['PENDING', 'RESERVED'] }, expiresAt: { $lte: now } });
  }

  /** Confirmed reservations whose holds are still on their products (the confirming call stopped short). */
  findUnsettledConfirmedBefore(before: Date): Promise<LeanReservation[]> {
    return this.findBatch({ status: 'CONFIRMED', settled: false, confirmedAt: { $lte: before } });
  }

  /** Releases of confirmed reservations nobody has touched since `before` (the releasing call stopped short). */
  findReleasingIdleSince(before: Date): Promise<LeanReservation[]> {
    return this.findBatch({ status: 'RELEASING', updatedAt: { $lte: before } });
  }

  private findBatch(filter: QueryFilter<Reservation>): Promise<LeanReservation[]> {
    return this.reservations.find(filter).limit(SWEEP_BATCH).lean<LeanReservation[]>().exec();
  }

  private async transition(filter: QueryFilter<Reservation>, set: Partial<Reservation>): Promise<boolean> {
    const result = await this.reservations.updateOne(filter, { $set: set }).exec();
    return result.modifiedCount === 1;
  }

  private async insertUnlessTaken(reservation: Partial<Reservation> & { status: ReservationStatus }): Promise<boolean> {
    try {
      await this.reservations.create(reservation);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  private expiresAt(): Date {
    return new Date(Date.now() + this.settings.reservationTtlSeconds * 1000);
  }

  /** Fields set when a reservation stops holding stock. */
  private finished(now = new Date()): { releasedAt: Date; purgeAt: Date } {
    return { releasedAt: now, purgeAt: new Date(now.getTime() + FINISHED_RETENTION_MS) };
  }
}
