import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { type ReservationLineDto } from './dto/create-reservation.dto';
import { ReservationClock } from './reservation-clock';
import { ReservationInProgressError, ReservationReleasedError } from './reservations.errors';
import { FINISHED, type LeanReservation, Reservation, type ReservationLine } from './schemas/reservation.schema';
import { isDuplicateKeyError } from '@app/database';

export type Claim = { kind: 'claimed'; lines: ReservationLine[] } | { kind: 'existing'; reservation: LeanReservation };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A live attempt completes in milliseconds; one silent for this long has stalled or crashed. */
export const TAKE_OVER_AFTER_MS = 5_000;
/** How long a duplicate request waits for a running attempt before answering 503 (retry). */
const WAIT_FOR_RUNNING_ATTEMPT_MS = 1_000;
const POLL_MS = 50;

/**
 * Step one of a reservation: make this attempt the one allowed to complete it. A new id gets a PENDING
 * document; a finished one answers as it ended; a PENDING one still being made is waited for, and one left
 * by an attempt that stalled or crashed is taken over (the earlier attempt can then no longer complete it).
 */
@Injectable()
export class ReservationClaim {
  constructor(
    @InjectModel(Reservation.name) private readonly reservations: Model<Reservation>,
    private readonly clock: ReservationClock,
  ) {}

  async claim(reservationId: string, requested: ReservationLineDto[], attempt: string): Promise<Claim> {
    const lines = [...requested]
      .sort((a, b) => a.productId.localeCompare(b.productId)) // one order everywhere: fewer mutual failures
      .map((line) => ({ productId: new Types.ObjectId(line.productId), quantity: line.quantity }));
    const deadline = Date.now() + WAIT_FOR_RUNNING_ATTEMPT_MS;
    while (Date.now() < deadline) {
      if (await this.insert(reservationId, lines, attempt)) return { kind: 'claimed', lines };
      const existing = await this.reservations.findById(reservationId).lean<LeanReservation>().exec();
      if (!existing) continue; // a failed attempt removed it meanwhile: try again
      if (existing.status === 'RESERVED' || existing.status === 'CONFIRMED') {
        return { kind: 'existing', reservation: existing };
      }
      if (FINISHED.includes(existing.status)) throw new ReservationReleasedError(reservationId);
      if (existing.updatedAt.getTime() > Date.now() - TAKE_OVER_AFTER_MS) {
        // Most likely a concurrent duplicate of this request: wait for its outcome rather than compete.
        await sleep(POLL_MS);
        continue;
      }
      const taken = await this.takeOver(existing, attempt);
      if (taken) return { kind: 'claimed', lines: taken.lines };
    }
    throw new ReservationInProgressError(reservationId);
  }

  private async insert(reservationId: string, lines: ReservationLine[], attempt: string): Promise<boolean> {
    try {
      await this.reservations.create({
        _id: reservationId,
        status: 'PENDING',
        attempt,
        lines,
        expiresAt: this.clock.expiresAt(),
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** The earlier attempt stalled or crashed; after this it can no longer complete the reservation. */
  private takeOver(existing: LeanReservation, attempt: string): Promise<LeanReservation | null> {
    // The stored lines win over this request's: the id names one reservation, whatever a retry sends.
    return this.reservations
      .findOneAndUpdate(
        { _id: existing._id, status: 'PENDING', attempt: existing.attempt },
        { $set: { attempt, expiresAt: this.clock.expiresAt() } },
        { returnDocument: 'after' },
      )
      .lean<LeanReservation>()
      .exec();
  }

  /** A failed attempt removes its PENDING document, so the id can be tried again later. */
  async abandon(reservationId: string, attempt: string): Promise<void> {
    await this.reservations.deleteOne({ _id: reservationId, status: 'PENDING', attempt }).exec();
  }
}
