import { ConflictError, DomainError, NotFoundError } from '@app/errors';

export class ProductNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('PRODUCT_NOT_FOUND', `No product with id ${id}.`);
  }
}

export class ProductSkuExistsError extends ConflictError {
  constructor(sku: string) {
    super('PRODUCT_SKU_EXISTS', `A product with sku ${sku} already exists.`, { sku });
  }
}

/** An admin decrement larger than what is available: nothing changed. */
export class StockWouldGoNegativeError extends ConflictError {
  constructor(available: number, requested: number) {
    super('INSUFFICIENT_STOCK', `Only ${available} in stock; cannot remove ${requested}.`, { available, requested });
  }
}

/** If-Match named a version that is no longer current: somebody else changed the product first. */
export class ProductVersionMismatchError extends DomainError {
  constructor(expected: number, current: number) {
    super(412, 'PRODUCT_VERSION_MISMATCH', 'Precondition failed', {
      detail: `The product is at version ${current}, not ${expected}; reload it and try again.`,
      extensions: { currentVersion: current },
    });
  }
}
