import { Types } from 'mongoose';
import { type ProductSettings } from '../product-settings';
import { type ProductRepository } from '../products/product.repository';
import { type ReservationRepository } from './reservation.repository';
import { type ReservationsLifecycleService } from './reservations-lifecycle.service';
import { type ReservationsMetrics } from './reservations.metrics';
import { isOrphan, ReservationsSweeper } from './reservations.sweeper';
import { type LeanReservation, type ReservationStatus } from './schemas/reservation.schema';

describe('isOrphan', () => {
  const hold = { productId: new Types.ObjectId(), r: 'order-1', a: 'attempt-1', q: 2, at: new Date() };
  const reservation = (status: ReservationStatus, attempt = 'attempt-1') =>
    ({ _id: 'order-1', status, attempt, lines: [] }) as unknown as LeanReservation;

  it('keeps holds of the attempt that owns a live reservation', () => {
    for (const status of ['PENDING', 'RESERVED', 'CONFIRMED', 'RELEASING'] as const) {
      expect(isOrphan(hold, reservation(status))).toBe(false);
    }
  });

  it('gives back holds of a missing or finished reservation, or of an attempt that lost the claim', () => {
    expect(isOrphan(hold, undefined)).toBe(true);
    expect(isOrphan(hold, reservation('RELEASED'))).toBe(true);
    expect(isOrphan(hold, reservation('EXPIRED'))).toBe(true);
    expect(isOrphan(hold, reservation('RESERVED', 'attempt-2'))).toBe(true);
    expect(isOrphan(hold, reservation('CONFIRMED', 'attempt-2'))).toBe(true);
  });
});

describe('ReservationsSweeper on its interval', () => {
  afterEach(() => jest.useRealTimers());

  it('never starts a pass while the previous one is still running, and waits for it on shutdown', async () => {
    jest.useFakeTimers();
    let finishPass: (due: LeanReservation[]) => void = () => undefined;
    const reservations = {
      findDueForExpiry: jest.fn(() => new Promise<LeanReservation[]>((resolve) => (finishPass = resolve))),
      findUnsettledConfirmedBefore: jest.fn(async () => []),
      findReleasingIdleSince: jest.fn(async () => []),
    };
    const products = { findHoldsOlderThan: jest.fn(async () => []), forgetReturnsBefore: jest.fn(async () => 0) };
    const sweeper = new ReservationsSweeper(
      { reservationSweepIntervalMs: 100, reservationTtlSeconds: 60 } as ProductSettings,
      reservations as unknown as ReservationRepository,
      products as unknown as ProductRepository,
      {} as ReservationsLifecycleService,
      {} as ReservationsMetrics,
    );
    sweeper.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(350); // three ticks while the first pass is stuck on the database
    expect(reservations.findDueForExpiry).toHaveBeenCalledTimes(1);

    const shutdown = sweeper.beforeApplicationShutdown();
    finishPass([]);
    await shutdown;
    expect(products.forgetReturnsBefore).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(500);
    expect(reservations.findDueForExpiry).toHaveBeenCalledTimes(1);
  });
});
