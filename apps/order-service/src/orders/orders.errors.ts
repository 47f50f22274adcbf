import { ConflictError, DomainError, NotFoundError } from '@app/errors';
import { type OrderStatus } from './schemas/order.schema';

/** Also the answer for another shopper's order: its existence is not disclosed. */
export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('ORDER_NOT_FOUND', 'No such order.');
  }
}

export class IdempotencyKeyMissingError extends DomainError {
  constructor() {
    super(400, 'IDEMPOTENCY_KEY_MISSING', 'Idempotency-Key required', {
      detail: 'Placing an order needs an Idempotency-Key header (e.g. a UUID), reused when the request is retried.',
    });
  }
}

export class IdempotencyKeyInvalidError extends DomainError {
  constructor() {
    super(400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key invalid', {
      detail: 'The Idempotency-Key must be 8 to 128 characters: letters, digits, "-", "_", "." or ":".',
    });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super(422, 'IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key reused', {
      detail: 'This Idempotency-Key was already used with a different request body; use a new key.',
    });
  }
}

export class IdempotencyKeyInUseError extends DomainError {
  constructor() {
    super(409, 'IDEMPOTENCY_KEY_IN_USE', 'Request in progress', {
      detail: 'A request with this Idempotency-Key is still being processed; retry shortly with the same key.',
      headers: { 'Retry-After': '1' },
    });
  }
}

export class CartEmptyError extends DomainError {
  constructor() {
    super(422, 'CART_EMPTY', 'Cart is empty', { detail: 'The cart is empty: add products before ordering.' });
  }
}

export interface ShortLine {
  productId: string;
  sku?: string;
  name?: string;
  requested: number;
  available: number;
}

export class InsufficientStockError extends ConflictError {
  constructor(lines: ShortLine[]) {
    const named = lines.map((line) => line.name ?? line.sku ?? line.productId).join(', ');
    super('INSUFFICIENT_STOCK', `Not enough stock for: ${named}. Nothing was reserved; the cart is unchanged.`, {
      lines,
    });
  }
}

export class ProductUnavailableError extends ConflictError {
  constructor(productIds: string[]) {
    super('PRODUCT_UNAVAILABLE', 'Some products in the cart are no longer sold; remove them and order again.', {
      productIds,
    });
  }
}

export class MixedCurrenciesError extends ConflictError {
  constructor(currencies: string[]) {
    super('MIXED_CURRENCIES', 'The cart holds products priced in different currencies; order them separately.', {
      currencies,
    });
  }
}

/** The saga could not finish (its reservation was lost or taken back); nothing stays reserved. */
export class OrderPlacementFailedError extends DomainError {
  constructor(detail: string) {
    super(503, 'ORDER_PLACEMENT_FAILED', 'Order could not be placed', {
      detail: `${detail} Nothing was reserved and the cart is unchanged; retry with the same Idempotency-Key.`,
      headers: { 'Retry-After': '1' },
    });
  }
}

export class InvalidStatusTransitionError extends ConflictError {
  constructor(from: OrderStatus, to: OrderStatus, allowed: readonly OrderStatus[]) {
    super('INVALID_STATUS_TRANSITION', `An order cannot move from ${from} to ${to}.`, { from, to, allowed });
  }
}

/**
 * Only an order waiting for its payment can be paid: not a cancelled one (a paid one answers its payment). The
 * order's status is `orderStatus`: a problem's own `status` member is the HTTP status and would hide it.
 */
export class OrderNotPayableError extends ConflictError {
  constructor(status: OrderStatus) {
    super('ORDER_NOT_PAYABLE', `The order is ${status}: only an order waiting for its payment can be paid.`, {
      orderStatus: status,
    });
  }
}

export class PaymentExpiredError extends ConflictError {
  constructor() {
    super(
      'PAYMENT_EXPIRED',
      'The payment deadline of this order has passed; it is being cancelled and its stock released.',
    );
  }
}

export class PaymentInProgressError extends DomainError {
  constructor() {
    super(409, 'PAYMENT_IN_PROGRESS', 'Payment in progress', {
      detail: 'Another payment attempt of this order is with the payment provider; retry shortly.',
      headers: { 'Retry-After': '2' },
    });
  }
}
