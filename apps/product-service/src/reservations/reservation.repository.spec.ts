import { type Model } from 'mongoose';
import { type ProductSettings } from '../product-settings';
import { ReservationRepository } from './reservation.repository';
import { type LeanReservation, type Reservation } from './schemas/reservation.schema';

const DAY_MS = 24 * 3600 * 1000;
const duplicateKey = Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
const settings = { reservationTtlSeconds: 600 } as ProductSettings;
const exec = <T>(result: T) => ({ exec: () => Promise.resolve(result) });

function repositoryOver(model: Record<string, jest.Mock>): ReservationRepository {
  return new ReservationRepository(model as unknown as Model<Reservation>, settings);
}

describe('ReservationRepository', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('claims a new id as PENDING, due after the TTL; a taken id is false and any other failure is thrown', async () => {
    const create = jest.fn().mockResolvedValue({});
    expect(await repositoryOver({ create }).insertPending('order-1', 'attempt-1', [])).toBe(true);
    expect(create).toHaveBeenCalledWith({
      _id: 'order-1',
      status: 'PENDING',
      attempt: 'attempt-1',
      lines: [],
      expiresAt: new Date('2026-01-01T00:10:00Z'),
    });
    expect(
      await repositoryOver({ create: jest.fn().mockRejectedValue(duplicateKey) }).insertPending('o', 'a', []),
    ).toBe(false);
    const down = new Error('connection closed');
    await expect(repositoryOver({ create: jest.fn().mockRejectedValue(down) }).insertTombstone('o')).rejects.toBe(down);
  });

  it('keeps a tombstone as long as any finished reservation, so a late duplicate is still refused', async () => {
    const create = jest.fn().mockResolvedValue({});
    await repositoryOver({ create }).insertTombstone('order-2');
    const now = Date.now();
    expect(create).toHaveBeenCalledWith({
      _id: 'order-2',
      status: 'RELEASED',
      attempt: 'tombstone',
      lines: [],
      releasedAt: new Date(now),
      purgeAt: new Date(now + 30 * DAY_MS),
    });
  });

  it('expires only a reservation still as read and due, and says whether this caller won', async () => {
    const updateOne = jest
      .fn()
      .mockReturnValueOnce(exec({ modifiedCount: 1 }))
      .mockReturnValue(exec({ modifiedCount: 0 }));
    const repository = repositoryOver({ updateOne });
    const read = { _id: 'order-3', status: 'RESERVED', attempt: 'attempt-3' } as LeanReservation;
    expect(await repository.finishUnconfirmed(read, 'EXPIRED')).toBe(true);
    expect(await repository.finishUnconfirmed(read, 'EXPIRED')).toBe(false);
    const now = new Date();
    expect(updateOne).toHaveBeenCalledWith(
      { _id: 'order-3', status: 'RESERVED', attempt: 'attempt-3', expiresAt: { $lte: now } },
      { $set: { status: 'EXPIRED', releasedAt: now, purgeAt: new Date(now.getTime() + 30 * DAY_MS) } },
    );
  });
});
