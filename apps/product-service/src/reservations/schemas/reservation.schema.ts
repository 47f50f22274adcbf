import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Types } from 'mongoose';

/**
 * PENDING (lines being held) -> RESERVED -> CONFIRMED; RESERVED or PENDING -> RELEASED (DELETE) or EXPIRED
 * (sweeper); CONFIRMED -> RELEASING -> RELEASED (an order cancelled after confirmation). Every transition
 * is one conditional update on this document; see docs/decisions/0008-stock-reservations.md.
 */
export const RESERVATION_STATUSES = ['PENDING', 'RESERVED', 'CONFIRMED', 'RELEASING', 'RELEASED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Statuses in which the reservation no longer holds stock and never will again. */
export const FINISHED: readonly ReservationStatus[] = ['RELEASING', 'RELEASED', 'EXPIRED'];

@Schema({ _id: false })
export class ReservationLine {
  @Prop({ type: Types.ObjectId, required: true })
  productId: Types.ObjectId;

  @Prop({ required: true })
  quantity: number;

  /** The price snapshot, filled in when the line is held (absent while PENDING). */
  @Prop()
  sku?: string;

  @Prop()
  name?: string;

  @Prop()
  unitPrice?: number;

  @Prop()
  currency?: string;
}

@Schema({ collection: 'stock_reservations', timestamps: true, versionKey: false })
export class Reservation {
  /** The caller's reservation id (the order id): a retry with the same id finds this document. */
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: String, required: true, enum: RESERVATION_STATUSES })
  status: ReservationStatus;

  /** The attempt that may complete a PENDING reservation; holds of any other attempt are orphans. */
  @Prop({ required: true })
  attempt: string;

  @Prop({ type: [SchemaFactory.createForClass(ReservationLine)], default: [] })
  lines: ReservationLine[];

  /** When an unconfirmed reservation is released automatically. */
  @Prop()
  expiresAt?: Date;

  @Prop()
  confirmedAt?: Date;

  /** The holds of a confirmed reservation have been dropped from its products (the units are sold). */
  @Prop({ default: false })
  settled: boolean;

  @Prop()
  releasedAt?: Date;

  /** Finished reservations (and tombstones) are kept this long, so a late duplicate is still recognised. */
  @Prop()
  purgeAt?: Date;

  createdAt: Date;
  updatedAt: Date;
}

export type LeanReservation = Reservation;
export const ReservationSchema = SchemaFactory.createForClass(Reservation);
ReservationSchema.index({ status: 1, expiresAt: 1 });
ReservationSchema.index({ status: 1, settled: 1, confirmedAt: 1 });
ReservationSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });
