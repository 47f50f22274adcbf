import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { type ReservationLineDto } from './dto/create-reservation.dto';
import { ReservationRepository } from './reservation.repository';
import { ReservationInProgressError, ReservationReleasedError } from './reservations.errors';
import { FINISHED, type LeanReservation, type ReservationLine } from './schemas/reservation.schema';

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
export class ReservationsClaimService {
  constructor(private readonly reservations: ReservationRepository) {}

  async claim(reservationId: string, requested: ReservationLineDto[], attempt: string): Promise<Claim> {
    const lines = [...requested]
      .sort((a, b) => a.productId.localeCompare(b.productId)) // one order everywhere: fewer mutual failures
      .map((line) => ({ productId: new Types.ObjectId(line.productId), quantity: line.quantity }));
    const deadline = Date.now() + WAIT_FOR_RUNNING_ATTEMPT_MS;
    while (Date.now() < deadline) {
      if (await this.reservations.insertPending(reservationId, attempt, lines)) return { kind: 'claimed', lines };
      const existing = await this.reservations.findById(reservationId);
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
      // The stored lines win over this request's: the id names one reservation, whatever a retry sends.
      const taken = await this.reservations.takeOverPending(existing, attempt);
      if (taken) return { kind: 'claimed', lines: taken.lines };
    }
    throw new ReservationInProgressError(reservationId);
  }
}
