import { Injectable } from '@nestjs/common';
import { type DomainError } from '@app/errors';
import { UpstreamClient, UpstreamResponseError } from '@app/http-client';
import {
  InsufficientStockError,
  OrderPlacementFailedError,
  ProductUnavailableError,
  type ShortLine,
} from './orders.errors';
import { parseReservation, type Reservation } from './reservation';
import { throttledAsUnavailable } from './throttled';
import { InjectProductUpstream } from './upstream-tokens';

export interface WantedLine {
  productId: string;
  quantity: number;
  sku?: string;
  name?: string;
}

/** A definite "no" from product-service: nothing was reserved, so there is nothing to release. */
export type ReserveOutcome = { reserved: true; reservation: Reservation } | { reserved: false; refusal: DomainError };

const PATH = '/internal/v1/stock/reservations';

/** Stock reservations at product-service (docs/contracts/internal-api.md), called as order-service itself. */
@Injectable()
export class StockClient {
  constructor(@InjectProductUpstream() private readonly upstream: UpstreamClient) {}

  /** All or nothing, keyed by the order id, so retrying (here or in a recovered saga) never reserves twice. */
  async reserve(reservationId: string, lines: WantedLine[]): Promise<ReserveOutcome> {
    try {
      const { body } = await this.upstream.request<unknown>({
        method: 'POST',
        path: PATH,
        body: { reservationId, lines: lines.map(({ productId, quantity }) => ({ productId, quantity })) },
        credentials: 'service',
        idempotent: true,
      });
      return { reserved: true, reservation: parseReservation(body) };
    } catch (error) {
      const refusal = error instanceof UpstreamResponseError ? refusalFrom(error, lines) : undefined;
      if (refusal) return { reserved: false, refusal };
      throw throttledAsUnavailable(error);
    }
  }

  /** CONFIRMED, or GONE when the reservation expired or was released (or never arrived). */
  async confirm(reservationId: string): Promise<'CONFIRMED' | 'GONE'> {
    try {
      await this.upstream.request({
        method: 'POST',
        path: `${PATH}/${encodeURIComponent(reservationId)}/confirm`,
        credentials: 'service',
        idempotent: true,
      });
      return 'CONFIRMED';
    } catch (error) {
      if (
        error instanceof UpstreamResponseError &&
        ['RESERVATION_RELEASED', 'RESERVATION_NOT_FOUND'].includes(error.code ?? '')
      )
        return 'GONE';
      throw throttledAsUnavailable(error);
    }
  }

  /** Returns the stock exactly once; an unknown id leaves a tombstone so a late reservation is refused. */
  async release(reservationId: string): Promise<void> {
    await this.upstream
      .request({ method: 'DELETE', path: `${PATH}/${encodeURIComponent(reservationId)}`, credentials: 'service' })
      .catch((error: unknown) => {
        throw throttledAsUnavailable(error);
      });
  }
}

function refusalFrom(error: UpstreamResponseError, wanted: WantedLine[]): DomainError | undefined {
  const body = (error.body ?? {}) as { lines?: unknown; productIds?: unknown };
  if (error.code === 'INSUFFICIENT_STOCK') {
    const short = Array.isArray(body.lines) ? (body.lines as ShortLine[]) : [];
    return new InsufficientStockError(
      short.map((line) => {
        const ours = wanted.find((candidate) => candidate.productId === line.productId);
        return {
          productId: line.productId,
          ...(ours?.sku ? { sku: ours.sku } : {}),
          ...(ours?.name ? { name: ours.name } : {}),
          requested: line.requested,
          available: line.available,
        };
      }),
    );
  }
  if (error.code === 'PRODUCT_UNAVAILABLE')
    return new ProductUnavailableError(Array.isArray(body.productIds) ? (body.productIds as string[]) : []);
  if (error.code === 'RESERVATION_RELEASED')
    return new OrderPlacementFailedError('The stock reservation was taken back before the order was stored.');
  return undefined;
}
