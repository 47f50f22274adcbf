import { InvalidStatusTransitionError } from './orders.errors';
import { type OrderStatus } from './schemas/order.schema';

/** The only moves an order can make: PENDING → CONFIRMED → SHIPPED → DELIVERED, and CANCELLED before shipping. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
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
