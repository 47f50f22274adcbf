import { context as otelContext, propagation } from '@opentelemetry/api';
import { type EventEnvelope, ORDER_EVENT_VERSION, type OrderEventPayload, type OrderEventType } from '@app/messaging';
import { type OrderRecord } from '../orders/order.view';
import { type OrderStatus, type OutboxEvent } from '../orders/schemas/order.schema';

export const EVENT_SOURCE = 'order-service';

export interface EventDetails {
  /** The order's status after the change. */
  status: OrderStatus;
  reason?: string;
  cancelledBy?: 'shopper' | 'admin' | 'system';
  paid: boolean;
  refundedAmount?: number;
}

/**
 * The outbox entry a repository pushes in the same update as the change: the event's fixed id (each event
 * happens once per order), what it keeps of the moment, and the trace of the request that made the change.
 */
export function outboxEntry(orderId: unknown, type: OrderEventType, details: EventDetails): OutboxEvent {
  const trace: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(otelContext.active(), trace);
  return {
    id: `${String(orderId)}:${type}`,
    type,
    occurredAt: new Date(),
    status: details.status,
    paid: details.paid,
    ...(details.reason ? { reason: details.reason } : {}),
    ...(details.cancelledBy ? { cancelledBy: details.cancelledBy } : {}),
    ...(details.refundedAmount !== undefined ? { refundedAmount: details.refundedAmount } : {}),
    ...trace,
  };
}

/** The published event: the order's unchanging fields (lines, totals, number) and the entry's moment. */
export function toEnvelope(order: OrderRecord, entry: OutboxEvent): EventEnvelope<OrderEventPayload> {
  const payload: OrderEventPayload = {
    orderId: String(order._id),
    number: order.number,
    userId: order.userId,
    status: entry.status,
    currency: order.currency ?? order.payment?.currency ?? '',
    subtotal: order.subtotal,
    total: order.total,
    lines: order.lines.map(({ sku, name, unitPrice, quantity, lineTotal }) => ({
      sku,
      name,
      unitPrice,
      quantity,
      lineTotal,
    })),
    placedAt: order.createdAt.toISOString(),
    ...(order.payment?.deadline ? { paymentDeadline: new Date(order.payment.deadline).toISOString() } : {}),
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.cancelledBy ? { cancelledBy: entry.cancelledBy } : {}),
    paid: entry.paid,
    ...(entry.refundedAmount !== undefined ? { refundedAmount: entry.refundedAmount } : {}),
  };
  return {
    id: entry.id,
    type: entry.type,
    version: ORDER_EVENT_VERSION,
    occurredAt: new Date(entry.occurredAt).toISOString(),
    source: EVENT_SOURCE,
    ...(entry.traceparent ? { traceparent: entry.traceparent } : {}),
    ...(entry.tracestate ? { tracestate: entry.tracestate } : {}),
    payload,
  };
}
