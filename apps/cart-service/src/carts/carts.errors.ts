import { ConflictError, DomainError, NotFoundError } from '@app/errors';

export class ProductNotFoundError extends NotFoundError {
  constructor(productId: string) {
    super('PRODUCT_NOT_FOUND', `No product ${productId} exists.`);
    this.extensions.productId = productId;
  }
}

export class ProductUnavailableError extends ConflictError {
  constructor(productId: string) {
    super('PRODUCT_UNAVAILABLE', `Product ${productId} is not for sale at the moment.`, { productId });
  }
}

/** The line would hold more than product-service has in stock; `available` is the whole stock. */
export class InsufficientStockError extends ConflictError {
  constructor(productId: string, requested: number, available: number, inCart: number) {
    super('INSUFFICIENT_STOCK', `Only ${available} of product ${productId} are available.`, {
      productId,
      requested,
      available,
      inCart,
    });
  }
}

export class LineQuantityLimitError extends ConflictError {
  constructor(productId: string, requested: number, maxQuantityPerLine: number, inCart: number) {
    super('CART_LINE_QUANTITY_LIMIT', `A cart holds at most ${maxQuantityPerLine} of one product.`, {
      productId,
      requested,
      maxQuantityPerLine,
      inCart,
    });
  }
}

export class CartLinesLimitError extends ConflictError {
  constructor(maxLines: number) {
    super('CART_LINES_LIMIT', `A cart holds at most ${maxLines} different products.`, { maxLines });
  }
}

/** A cart is priced in one currency, so its products must share it. */
export class CurrencyMismatchError extends ConflictError {
  constructor(productId: string, productCurrency: string, cartCurrency: string) {
    super(
      'CURRENCY_MISMATCH',
      `Product ${productId} is priced in ${productCurrency}; this cart is in ${cartCurrency}.`,
      {
        productId,
        productCurrency,
        cartCurrency,
      },
    );
  }
}

export class CartLineNotFoundError extends NotFoundError {
  constructor(productId: string) {
    super('CART_LINE_NOT_FOUND', `Product ${productId} is not in your cart.`);
    this.extensions.productId = productId;
  }
}

/** Other changes to the same cart kept winning the race; the client may simply retry. */
export class CartBusyError extends DomainError {
  constructor() {
    super(409, 'CART_BUSY', 'Conflict', {
      detail: 'The cart changed concurrently several times; retry the request.',
      headers: { 'Retry-After': '1' },
    });
  }
}
