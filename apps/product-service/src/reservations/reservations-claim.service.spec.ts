import { Types } from 'mongoose';
import { type ReservationRepository } from './reservation.repository';
import { ReservationsClaimService, TAKE_OVER_AFTER_MS } from './reservations-claim.service';
import { type LeanReservation } from './schemas/reservation.schema';

const PRODUCT = new Types.ObjectId().toHexString();
const stalled = (attempt: string): LeanReservation =>
  ({
    _id: 'order-1',
    status: 'PENDING',
    attempt,
    lines: [{ productId: new Types.ObjectId(PRODUCT), quantity: 1 }],
    createdAt: new Date(0),
    updatedAt: new Date(Date.now() - 2 * TAKE_OVER_AFTER_MS),
  }) as LeanReservation;

describe('ReservationsClaimService.claim', () => {
  it('claims the id again when the PENDING document it collided with was removed meanwhile', async () => {
    const reservations = {
      insertPending: jest.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true),
      findById: jest.fn(async () => null),
    };
    const claims = new ReservationsClaimService(reservations as unknown as ReservationRepository);
    const claim = await claims.claim('order-1', [{ productId: PRODUCT, quantity: 3 }], 'a2');
    expect(claim).toEqual({ kind: 'claimed', lines: [{ productId: new Types.ObjectId(PRODUCT), quantity: 3 }] });
    expect(reservations.insertPending).toHaveBeenCalledTimes(2);
  });

  it('tries again when another retry took over the stalled attempt first, and then answers with its outcome', async () => {
    const winner = { ...stalled('a3'), updatedAt: new Date() };
    const reservations = {
      insertPending: jest.fn(async () => false),
      findById: jest
        .fn()
        .mockResolvedValueOnce(stalled('a1'))
        .mockResolvedValue({ ...winner, status: 'RESERVED' }),
      takeOverPending: jest.fn(async () => null),
    };
    const claims = new ReservationsClaimService(reservations as unknown as ReservationRepository);
    const claim = await claims.claim('order-1', [{ productId: PRODUCT, quantity: 1 }], 'a2');
    expect(claim).toMatchObject({ kind: 'existing', reservation: { attempt: 'a3', status: 'RESERVED' } });
    expect(reservations.takeOverPending).toHaveBeenCalledTimes(1);
  });
});
