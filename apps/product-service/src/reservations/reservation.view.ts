import { ApiProperty } from '@nestjs/swagger';
import { type LeanReservation, RESERVATION_STATUSES, type ReservationStatus } from './schemas/reservation.schema';

export class ReservedLineView {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4b', maxLength: 24 })
  productId: string;

  @ApiProperty({ example: 'TEE-ORG-BLK-M', maxLength: 64 })
  sku: string;

  @ApiProperty({ example: 'Organic cotton T-shirt, black, M', maxLength: 200 })
  name: string;

  @ApiProperty({ description: 'Price per unit when reserved, integer minor units.', example: 2500, format: 'int64' })
  unitPrice: number;

  @ApiProperty({ example: 'EUR', maxLength: 3 })
  currency: string;

  @ApiProperty({ example: 2, minimum: 1, maximum: 1000, format: 'int32' })
  quantity: number;
}

export class ReservationView {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4f', maxLength: 64 })
  reservationId: string;

  @ApiProperty({ enum: RESERVATION_STATUSES, example: 'RESERVED' })
  status: ReservationStatus;

  @ApiProperty({ description: 'Released automatically unless confirmed by then.', format: 'date-time', maxLength: 30 })
  expiresAt: string;

  @ApiProperty({ type: [ReservedLineView], maxItems: 100 })
  lines: ReservedLineView[];
}

export class ReservationStatusView {
  @ApiProperty({ example: '65a1b2c3d4e5f60718293a4f', maxLength: 64 })
  reservationId: string;

  @ApiProperty({ enum: ['CONFIRMED', 'RELEASED'], example: 'CONFIRMED' })
  status: 'CONFIRMED' | 'RELEASED';
}

export function toReservationView(reservation: LeanReservation): ReservationView {
  return {
    reservationId: reservation._id,
    status: reservation.status,
    expiresAt: (reservation.expiresAt ?? reservation.createdAt).toISOString(),
    lines: reservation.lines.map((line) => ({
      productId: line.productId.toHexString(),
      sku: line.sku ?? '',
      name: line.name ?? '',
      unitPrice: line.unitPrice ?? 0,
      currency: line.currency ?? '',
      quantity: line.quantity,
    })),
  };
}
