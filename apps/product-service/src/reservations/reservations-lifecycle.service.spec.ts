import { Types } from 'mongoose';
import { type ProductRepository } from '../products/product.repository';
import { type ReservationRepository } from './reservation.repository';
import { ReservationInProgressError } from './reservations.errors';
import { ReservationsLifecycleService } from './reservations-lifecycle.service';
import { type ReservationsMetrics } from './reservations.metrics';
import { type LeanReservation, type ReservationStatus } from './schemas/reservation.schema';

const at = new Date('2026-01-01T00:00:00Z');
const reservation = (status: ReservationStatus): LeanReservation =>
  ({
    _id: 'order-1',
    status,
    attempt: 'a1',
    lines: [{ productId: new Types.ObjectId(), quantity: 2 }],
    createdAt: at,
    updatedAt: at,
  }) as LeanReservation;

/** Which caller wins each transition is decided by the repository; here, what the service does with a loss. */
function lifecycleOver(reservations: Partial<Record<keyof ReservationRepository, jest.Mock>>) {
  const products = { returnHolds: jest.fn(async () => 0), settleHolds: jest.fn(), returnConfirmedLine: jest.fn() };
  const metrics = { transition: jest.fn() };
  const service = new ReservationsLifecycleService(
    reservations as unknown as ReservationRepository,
    products as unknown as ProductRepository,
    metrics as unknown as ReservationsMetrics,
  );
  return { service, products, metrics };
}

describe('ReservationsLifecycleService', () => {
  it('answers 503 (retry) to a confirmation of a reservation still being made, and settles nothing', async () => {
    const { service, products } = lifecycleOver({
      markConfirmed: jest.fn(async () => null),
      findById: jest.fn(async () => reservation('PENDING')),
    });
    await expect(service.confirm('order-1')).rejects.toBeInstanceOf(ReservationInProgressError);
    expect(products.settleHolds).not.toHaveBeenCalled();
  });

  it('looks again when another release creates the unknown id first, and then answers RELEASED', async () => {
    const findById = jest.fn().mockResolvedValueOnce(null).mockResolvedValueOnce(reservation('RELEASED'));
    const insertTombstone = jest.fn(async () => false);
    const { service } = lifecycleOver({ findById, insertTombstone });
    await expect(service.release('order-1')).resolves.toEqual({ reservationId: 'order-1', status: 'RELEASED' });
    expect(findById).toHaveBeenCalledTimes(2);
  });

  it('looks again when a confirmation wins the race against releasing a reserved reservation', async () => {
    const confirmed = reservation('CONFIRMED');
    const findById = jest.fn().mockResolvedValueOnce(reservation('RESERVED')).mockResolvedValueOnce(confirmed);
    const { service, products, metrics } = lifecycleOver({
      findById,
      finishUnconfirmed: jest.fn(async () => false),
      startConfirmedRelease: jest.fn(async () => true),
      finishConfirmedRelease: jest.fn(async () => true),
    });
    await expect(service.release('order-1')).resolves.toEqual({ reservationId: 'order-1', status: 'RELEASED' });
    // Nothing was given back for the lost RESERVED round; the confirmed units go back once, line by line.
    expect(products.returnHolds).not.toHaveBeenCalled();
    expect(products.returnConfirmedLine).toHaveBeenCalledTimes(1);
    expect(metrics.transition).toHaveBeenCalledWith('released');
  });

  it('gives up with 503 (retry) instead of looping while the reservation keeps changing underneath', async () => {
    const findById = jest.fn(async () => reservation('CONFIRMED'));
    const { service, products } = lifecycleOver({ findById, startConfirmedRelease: jest.fn(async () => false) });
    await expect(service.release('order-1')).rejects.toBeInstanceOf(ReservationInProgressError);
    expect(findById).toHaveBeenCalledTimes(5);
    expect(products.returnConfirmedLine).not.toHaveBeenCalled();
  });
});
