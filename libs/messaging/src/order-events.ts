/**
 * The events order-service publishes (version 1), shared by the publisher and every consumer. Money is in
 * integer minor units of `currency`. Each event carries the whole order as it stands after the change, so a
 * consumer needs no call back to order-service.
 */
export const ORDER_EVENT_TYPES = [
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.shipped',
  'order.delivered',
  'payment.refunded',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export const ORDER_EVENT_VERSION = 1;

export interface OrderEventLine {
  sku: string;
  name: string;
  unitPrice: number;
  quantity: number;
  lineTotal: number;
}

export interface OrderEventPayload {
  orderId: string;
  /** The number shoppers see, e.g. `ORD-250101-AB12CD34`. */
  number: string;
  userId: string;
  /** The order's status after the change. */
  status: string;
  currency: string;
  subtotal: number;
  total: number;
  lines: OrderEventLine[];
  placedAt: string;
  /** Until when an unpaid order waits for its payment. */
  paymentDeadline?: string;
  /** Why the order was cancelled: PAYMENT_FAILED, PAYMENT_EXPIRED, or the shopper's or admin's own words. */
  reason?: string;
  /** Who cancelled it (order.cancelled): the shopper, an admin, or the service itself (e.g. payment expired). */
  cancelledBy?: 'shopper' | 'admin' | 'system';
  /** Whether money was taken for the order (a cancelled paid order is refunded). */
  paid: boolean;
  /** What has been refunded so far (payment.refunded). */
  refundedAmount?: number;
}
