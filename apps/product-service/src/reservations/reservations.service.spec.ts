import { Types } from 'mongoose';
import { type ProductRepository } from '../products/product.repository';
import { type ReservationRepository } from './reservation.repository';
import {
  InsufficientStockError,
  ProductUnavailableError,
  ReservationInProgressError,
  ReservationReleasedError,
} from './reservations.errors';
import { type ReservationsClaimService } from './reservations-claim.service';
import { type ReservationsMetrics } from './reservations.metrics';
import { ReservationsService } from './reservations.service';
import { type LeanReservation, type ReservationStatus } from './schemas/reservation.schema';

const MUG = new Types.ObjectId();
const TEE = new Types.ObjectId();
const at = new Date('2026-01-01T00:00:00Z');
const held = (id: Types.ObjectId, stock = 5) => ({
  _id: id,
  sku: 'SKU',
  name: 'Name',
  price: 100,
  currency: 'EUR',
  stock,
});
const stored = (status: ReservationStatus): LeanReservation =>
  ({
    _id: 'order-1',
    status,
    attempt: 'other-attempt',
    lines: [{ productId: MUG, quantity: 2, sku: 'SKU', name: 'Name', unitPrice: 100, currency: 'EUR' }],
    expiresAt: at,
    createdAt: at,
    updatedAt: at,
  }) as LeanReservation;

/** The all-or-nothing decisions around the claim, the product holds and the final transition; e2e covers the database. */
function serviceOver(
  products: Partial<Record<keyof ProductRepository, jest.Mock>>,
  reservations: Partial<Record<keyof ReservationRepository, jest.Mock>> = {},
) {
  const claims = {
    claim: jest.fn(async () => ({ kind: 'claimed', lines: [{ productId: MUG, quantity: 2 }] })),
  };
  const repository = { deletePending: jest.fn(), markReserved: jest.fn(), findById: jest.fn(), ...reservations };
  const stock = { returnHolds: jest.fn(async () => 0), ...products };
  const metrics = { reserve: jest.fn() };
  const service = new ReservationsService(
    repository as unknown as ReservationRepository,
    stock as unknown as ProductRepository,
    claims as unknown as ReservationsClaimService,
    metrics as unknown as ReservationsMetrics,
  );
  return { service, claims, repository, stock, metrics };
}

const dto = { reservationId: 'order-1', lines: [{ productId: MUG.toHexString(), quantity: 2 }] };

describe('ReservationsService.reserve', () => {
  describe('when the reservation was changed by someone else before this attempt completed it', () => {
    const lostRace = (current: LeanReservation | null) =>
      serviceOver(
        {
          findAvailability: jest.fn(async () => [{ _id: MUG, stock: 5, active: true }]),
          holdStock: jest.fn(async () => held(MUG)),
        },
        { markReserved: jest.fn(async () => null), findById: jest.fn(async () => current) },
      );

    it.each(['RESERVED', 'CONFIRMED'] as const)(
      'gives its own holds back and answers with the %s reservation as a replay (200)',
      async (status) => {
        const { service, stock, metrics } = lostRace(stored(status));
        const result = await service.reserve(dto);
        expect(result).toMatchObject({ created: false, reservation: { reservationId: 'order-1', status } });
        expect(stock.returnHolds).toHaveBeenCalledWith([MUG], 'order-1', expect.any(String));
        expect(metrics.reserve).toHaveBeenCalledWith('replayed');
      },
    );

    it('answers 503 (retry) while a newer attempt is still making it', async () => {
      const { service, stock, metrics } = lostRace(stored('PENDING'));
      await expect(service.reserve(dto)).rejects.toBeInstanceOf(ReservationInProgressError);
      expect(stock.returnHolds).toHaveBeenCalled();
      expect(metrics.reserve).toHaveBeenCalledWith('in_progress');
    });

    it.each([['RELEASED', stored('RELEASED')] as const, ['gone', null] as const])(
      'refuses with RESERVATION_RELEASED when it was released or expired meanwhile (%s)',
      async (_case, current) => {
        const { service, metrics } = lostRace(current);
        await expect(service.reserve(dto)).rejects.toBeInstanceOf(ReservationReleasedError);
        expect(metrics.reserve).toHaveBeenCalledWith('reservation_released');
      },
    );
  });

  it('reports a product deactivated between the availability check and the hold as unavailable', async () => {
    const findAvailability = jest
      .fn()
      .mockResolvedValueOnce([{ _id: MUG, stock: 5, active: true }])
      .mockResolvedValueOnce([{ _id: MUG, stock: 5, active: false }]);
    const { service, stock, repository, metrics } = serviceOver({
      findAvailability,
      holdStock: jest.fn(async () => null),
    });
    const error = await service.reserve(dto).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProductUnavailableError);
    expect(error).toMatchObject({ extensions: { productIds: [MUG.toHexString()] } });
    expect(stock.returnHolds).toHaveBeenCalledWith([MUG], 'order-1', expect.any(String));
    expect(repository.deletePending).toHaveBeenCalledWith('order-1', expect.any(String));
    expect(metrics.reserve).toHaveBeenCalledWith('product_unavailable');
  });

  it('names the short lines, and the line that failed even when a re-read shows enough stock', async () => {
    const { service, claims, metrics } = serviceOver({
      // TEE is short; MUG failed to hold although it now looks sufficient (another request just returned stock).
      findAvailability: jest.fn(async () => [
        { _id: MUG, stock: 3, active: true },
        { _id: TEE, stock: 1, active: true },
      ]),
      holdStock: jest.fn(async () => null),
    });
    claims.claim.mockResolvedValue({
      kind: 'claimed',
      lines: [
        { productId: MUG, quantity: 2 },
        { productId: TEE, quantity: 4 },
      ],
    });
    const error = await service.reserve(dto).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InsufficientStockError);
    expect(error).toMatchObject({
      extensions: {
        lines: [
          { productId: MUG.toHexString(), requested: 2, available: 3 },
          { productId: TEE.toHexString(), requested: 4, available: 1 },
        ],
      },
    });
    expect(metrics.reserve).toHaveBeenCalledWith('insufficient_stock');
  });

  it('passes an unexpected failure through without counting it as a business outcome', async () => {
    const { service, claims, metrics } = serviceOver({});
    claims.claim.mockRejectedValue(new Error('connection reset'));
    await expect(service.reserve(dto)).rejects.toThrow('connection reset');
    expect(metrics.reserve).not.toHaveBeenCalled();
  });

  it('counts a claim refused because another attempt is running as in_progress', async () => {
    const { service, claims, metrics } = serviceOver({});
    claims.claim.mockRejectedValue(new ReservationInProgressError('order-1'));
    await expect(service.reserve(dto)).rejects.toBeInstanceOf(ReservationInProgressError);
    expect(metrics.reserve).toHaveBeenCalledWith('in_progress');
  });
});
