import { InvalidStatusTransitionError } from './orders.errors';
import { ORDER_STATUSES, type OrderStatus } from './schemas/order.schema';
import { allowedTransitions, assertManualTransition, assertTransition } from './order-status-machine';

describe('order status machine', () => {
  const legal: [OrderStatus, OrderStatus][] = [
    ['PENDING_PAYMENT', 'CONFIRMED'],
    ['PENDING_PAYMENT', 'CANCELLED'],
    ['CONFIRMED', 'SHIPPED'],
    ['CONFIRMED', 'CANCELLED'],
    ['SHIPPED', 'DELIVERED'],
  ];

  it('allows exactly the moves along the machine', () => {
    for (const from of ORDER_STATUSES)
      for (const to of ORDER_STATUSES) {
        const isLegal = legal.some(([a, b]) => a === from && b === to);
        if (isLegal) expect(() => assertTransition(from, to)).not.toThrow();
        else expect(() => assertTransition(from, to)).toThrow(InvalidStatusTransitionError);
      }
  });

  it('reports the refused move and what is allowed instead', () => {
    const error = (() => {
      try {
        assertTransition('SHIPPED', 'CANCELLED');
      } catch (caught) {
        return caught as InvalidStatusTransitionError;
      }
    })();
    expect(error?.code).toBe('INVALID_STATUS_TRANSITION');
    expect(error?.status).toBe(409);
    expect(error?.extensions).toEqual({ from: 'SHIPPED', to: 'CANCELLED', allowed: ['DELIVERED'] });
    expect(allowedTransitions('DELIVERED')).toEqual([]);
  });

  it('lets only a payment confirm an order: by hand, an unpaid order can only be cancelled', () => {
    expect(() => assertManualTransition('PENDING_PAYMENT', 'CANCELLED')).not.toThrow();
    expect(() => assertManualTransition('CONFIRMED', 'SHIPPED')).not.toThrow();
    let error: InvalidStatusTransitionError | undefined;
    try {
      assertManualTransition('PENDING_PAYMENT', 'CONFIRMED');
    } catch (caught) {
      error = caught as InvalidStatusTransitionError;
    }
    expect(error?.extensions).toEqual({ from: 'PENDING_PAYMENT', to: 'CONFIRMED', allowed: ['CANCELLED'] });
  });
});
