import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProductRepository } from '../products/product.repository';
import { type CreateReservationDto } from './dto/create-reservation.dto';
import { ReservationRepository } from './reservation.repository';
import { type ReservationView, toReservationView } from './reservation.view';
import {
  InsufficientStockError,
  ProductUnavailableError,
  ReservationInProgressError,
  ReservationReleasedError,
} from './reservations.errors';
import { ReservationsClaimService } from './reservations-claim.service';
import { ReservationsMetrics } from './reservations.metrics';
import { type ReservationLine } from './schemas/reservation.schema';

export interface ReserveResult {
  /** True when this call made the reservation (201); false when it already existed (200). */
  created: boolean;
  reservation: ReservationView;
}

/**
 * All-or-nothing reservation without a multi-document transaction: claim the id, hold each line with a
 * conditional decrement, and on the first line that cannot be held give back what this attempt took. Only
 * the claiming attempt can turn PENDING into RESERVED. Crash points: docs/decisions/0008-stock-reservations.md.
 */
@Injectable()
export class ReservationsService {
  constructor(
    private readonly reservations: ReservationRepository,
    private readonly products: ProductRepository,
    private readonly claims: ReservationsClaimService,
    private readonly metrics: ReservationsMetrics,
  ) {}

  async reserve(dto: CreateReservationDto): Promise<ReserveResult> {
    const attempt = randomUUID();
    const id = dto.reservationId;
    let claim;
    try {
      claim = await this.claims.claim(id, dto.lines, attempt);
    } catch (error) {
      this.recordFailure(error);
      throw error;
    }
    if (claim.kind === 'existing') {
      this.metrics.reserve('replayed');
      return { created: false, reservation: toReservationView(claim.reservation) };
    }
    try {
      const held = await this.holdAll(id, attempt, claim.lines);
      return await this.complete(id, attempt, held);
    } catch (error) {
      this.recordFailure(error);
      throw error;
    }
  }

  private async holdAll(id: string, attempt: string, lines: ReservationLine[]): Promise<ReservationLine[]> {
    const productIds = lines.map((line) => line.productId);
    const available = await this.products.findAvailability(productIds);
    const unavailable = this.unavailable(lines, available);
    if (unavailable.length > 0) {
      await this.reservations.deletePending(id, attempt);
      throw new ProductUnavailableError(unavailable);
    }
    const held: ReservationLine[] = [];
    for (const line of lines) {
      const product = await this.products.holdStock(line.productId, id, attempt, line.quantity);
      if (!product) {
        await this.products.returnHolds(productIds, id, attempt);
        await this.reservations.deletePending(id, attempt);
        throw await this.whyNotHeld(lines, line);
      }
      const { sku, name, price: unitPrice, currency } = product;
      held.push({ productId: line.productId, quantity: line.quantity, sku, name, unitPrice, currency });
    }
    return held;
  }

  /** PENDING -> RESERVED, only for the attempt that still owns the claim. */
  private async complete(id: string, attempt: string, lines: ReservationLine[]): Promise<ReserveResult> {
    const reserved = await this.reservations.markReserved(id, attempt, lines);
    if (reserved) {
      this.metrics.reserve('reserved');
      return { created: true, reservation: toReservationView(reserved) };
    }
    // Taken over by a retry, released or expired meanwhile: what this attempt holds is not the reservation's.
    await this.products.returnHolds(
      lines.map((line) => line.productId),
      id,
      attempt,
    );
    const current = await this.reservations.findById(id);
    if (current?.status === 'RESERVED' || current?.status === 'CONFIRMED') {
      this.metrics.reserve('replayed');
      return { created: false, reservation: toReservationView(current) };
    }
    if (current?.status === 'PENDING') throw new ReservationInProgressError(id);
    throw new ReservationReleasedError(id);
  }

  private unavailable(lines: ReservationLine[], found: { _id: unknown; active: boolean }[]): string[] {
    const active = new Set(found.filter((product) => product.active).map((product) => String(product._id)));
    return lines.map((line) => line.productId.toHexString()).filter((id) => !active.has(id));
  }

  /** Reads the products again to say precisely why: gone or inactive, else short lines with what is left. */
  private async whyNotHeld(lines: ReservationLine[], failed: ReservationLine): Promise<Error> {
    const found = await this.products.findAvailability(lines.map((line) => line.productId));
    const unavailable = this.unavailable(lines, found);
    if (unavailable.length > 0) return new ProductUnavailableError(unavailable);
    const stock = new Map(found.map((product) => [String(product._id), product.stock]));
    const short = lines
      .map((line) => ({
        productId: line.productId.toHexString(),
        requested: line.quantity,
        available: stock.get(line.productId.toHexString()) ?? 0,
      }))
      .filter((line) => line.available < line.requested || line.productId === failed.productId.toHexString());
    return new InsufficientStockError(short);
  }

  private recordFailure(error: unknown): void {
    if (error instanceof InsufficientStockError) this.metrics.reserve('insufficient_stock');
    else if (error instanceof ProductUnavailableError) this.metrics.reserve('product_unavailable');
    else if (error instanceof ReservationReleasedError) this.metrics.reserve('reservation_released');
    else if (error instanceof ReservationInProgressError) this.metrics.reserve('in_progress');
  }
}
