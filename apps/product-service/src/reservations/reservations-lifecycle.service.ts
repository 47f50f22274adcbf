import { Injectable } from '@nestjs/common';
import { ProductRepository } from '../products/product.repository';
import { ReservationRepository } from './reservation.repository';
import { type ReservationStatusView } from './reservation.view';
import { ReservationInProgressError, ReservationNotFoundError, ReservationReleasedError } from './reservations.errors';
import { ReservationsMetrics } from './reservations.metrics';
import { type LeanReservation } from './schemas/reservation.schema';

const productIdsOf = (reservation: LeanReservation) => reservation.lines.map((line) => line.productId);

/**
 * What happens to a reservation after it was made: confirmation, release, expiry. Each transition is won by
 * exactly one caller (a conditional update on the status); the stock side is idempotent on its own, so a
 * caller that crashes after winning leaves work that any later caller or the sweeper can finish.
 */
@Injectable()
export class ReservationsLifecycleService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly products: ProductRepository,
    private readonly metrics: ReservationsMetrics,
  ) {}

  async confirm(id: string): Promise<ReservationStatusView> {
    const confirmed = await this.reservations.markConfirmed(id);
    if (confirmed) this.metrics.transition('confirmed');
    const reservation = confirmed ?? (await this.reservations.findById(id));
    if (!reservation) throw new ReservationNotFoundError(id);
    if (reservation.status === 'PENDING') throw new ReservationInProgressError(id);
    if (reservation.status !== 'CONFIRMED') throw new ReservationReleasedError(id);
    if (!reservation.settled) await this.settle(reservation);
    return { reservationId: id, status: 'CONFIRMED' };
  }

  /** The units of a confirmed reservation are sold: its holds leave the product documents. */
  async settle(reservation: LeanReservation): Promise<void> {
    await this.products.settleHolds(productIdsOf(reservation), reservation._id, reservation.attempt);
    await this.reservations.markSettled(reservation._id);
  }

  async release(id: string): Promise<ReservationStatusView> {
    for (let round = 0; round < 5; round += 1) {
      const reservation = await this.reservations.findById(id);
      if (!reservation) {
        if (await this.reservations.insertTombstone(id)) return { reservationId: id, status: 'RELEASED' };
        continue;
      }
      if (reservation.status === 'RELEASED' || reservation.status === 'EXPIRED') {
        return { reservationId: id, status: 'RELEASED' };
      }
      if (reservation.status === 'PENDING' || reservation.status === 'RESERVED') {
        if (await this.finishUnconfirmed(reservation, 'RELEASED')) return { reservationId: id, status: 'RELEASED' };
        continue;
      }
      if (reservation.status === 'CONFIRMED' && !(await this.reservations.startConfirmedRelease(id))) continue;
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
    if (!(await this.reservations.finishUnconfirmed(reservation, to))) return false;
    await this.products.returnHolds(productIdsOf(reservation), reservation._id);
    this.metrics.transition(to === 'EXPIRED' ? 'expired' : 'released');
    return true;
  }

  /** RELEASING -> RELEASED: every line back exactly once, however many callers run this concurrently. */
  async finishConfirmedRelease(reservation: LeanReservation): Promise<void> {
    for (const line of reservation.lines) {
      await this.products.returnConfirmedLine(line.productId, reservation._id, reservation.attempt, line.quantity);
    }
    if (await this.reservations.finishConfirmedRelease(reservation._id)) this.metrics.transition('released');
  }
}
