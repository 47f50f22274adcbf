import { ConflictError, DomainError, NotFoundError } from '@app/errors';

export interface ShortLine {
  productId: string;
  requested: number;
  available: number;
}

export class InsufficientStockError extends ConflictError {
  constructor(lines: ShortLine[]) {
    super('INSUFFICIENT_STOCK', 'Not enough stock for every line; nothing was reserved.', { lines });
  }
}

export class ProductUnavailableError extends ConflictError {
  constructor(productIds: string[]) {
    super('PRODUCT_UNAVAILABLE', 'Some products do not exist or are not for sale; nothing was reserved.', {
      productIds,
    });
  }
}

export class ReservationReleasedError extends ConflictError {
  constructor(id: string) {
    super('RESERVATION_RELEASED', `Reservation ${id} was released or has expired.`);
  }
}

export class ReservationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('RESERVATION_NOT_FOUND', `No reservation with id ${id}.`);
  }
}

/** Another attempt with the same id is still running: retrying shortly gets its outcome. */
export class ReservationInProgressError extends DomainError {
  constructor(id: string) {
    super(503, 'RESERVATION_IN_PROGRESS', 'Reservation in progress', {
      detail: `Reservation ${id} is being made by another request; retry shortly.`,
      headers: { 'Retry-After': '1' },
    });
  }
}
