import { Types } from 'mongoose';
import { isOrphan } from './reservations.sweeper';
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
