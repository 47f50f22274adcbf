import { DomainError } from '@app/errors';
import { type PlacementFailure } from './orders.metrics';

const BY_CODE: Record<string, PlacementFailure> = {
  CART_EMPTY: 'cart_empty',
  INSUFFICIENT_STOCK: 'insufficient_stock',
  PRODUCT_UNAVAILABLE: 'product_unavailable',
  UPSTREAM_UNAVAILABLE: 'upstream_unavailable',
};

/** The `reason` label of orders_failed_total for an error that ended a placement. */
export function placementFailure(error: unknown): PlacementFailure {
  return (error instanceof DomainError && BY_CODE[error.code]) || 'other';
}
