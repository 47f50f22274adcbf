import { InvalidStatusTransitionError } from './orders.errors';
import { type OrderStatus } from './schemas/order.schema';

/**
 * The only moves an order can make: PENDING_PAYMENT → CONFIRMED → SHIPPED → DELIVERED, and CANCELLED before
 * shipping. Only a payment confirms an order (`canBeMovedBy`); people move it along the rest.
 */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING_PAYMENT: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['SHIPPED', 'CANCELLED'],
  SHIPPED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export function allowedTransitions(from: OrderStatus): readonly OrderStatus[] {
  return NEXT[from];
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!NEXT[from].includes(to)) throw new InvalidStatusTransitionError(from, to, NEXT[from]);
}

/** The moves a shopper or an admin may make by hand: every move but confirming, which only a payment does. */
export function assertManualTransition(from: OrderStatus, to: OrderStatus): void {
  const manual: readonly OrderStatus[] = NEXT[from].filter((next) => next !== 'CONFIRMED');
  if (!manual.includes(to)) throw new InvalidStatusTransitionError(from, to, manual);
}
