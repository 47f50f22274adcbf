import {
  type EventEnvelope,
  ORDER_EVENT_TYPES,
  ORDER_EVENT_VERSION,
  type OrderEventLine,
  type OrderEventPayload,
  type OrderEventType,
} from '@app/messaging';
import { UnreadableEventError } from './notifications.errors';

/** An order event this service mails about, its payload checked. */
export interface OrderEvent {
  id: string;
  type: OrderEventType;
  payload: OrderEventPayload;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const isAmount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown, max = 500): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const isInstant = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

// Intl formats any well-formed code (unknown ones by the code itself), so the form is what must hold.
const isCurrency = (value: unknown): value is string => typeof value === 'string' && /^[A-Z]{3}$/.test(value);

const isLine = (line: Partial<OrderEventLine> | null): boolean =>
  line !== null &&
  isText(line.sku, 100) &&
  isText(line.name, 300) &&
  isAmount(line.unitPrice) &&
  Number.isSafeInteger(line.quantity) &&
  (line.quantity as number) > 0 &&
  isAmount(line.lineTotal);

/** The first thing wrong with a payload, or undefined when it can be mailed. */
function payloadProblem(type: OrderEventType, payload: Partial<OrderEventPayload>): string | undefined {
  if (!isText(payload.orderId, 64)) return 'no orderId';
  if (!isText(payload.number, 64)) return 'no order number';
  if (typeof payload.userId !== 'string' || !OBJECT_ID.test(payload.userId)) return 'no shopper id';
  if (!isCurrency(payload.currency)) return 'no ISO 4217 currency';
  if (!isAmount(payload.subtotal) || !isAmount(payload.total)) return 'no subtotal or total in minor units';
  if (!Array.isArray(payload.lines) || !payload.lines.every(isLine)) return 'malformed lines';
  if (type === 'order.placed' && payload.lines.length === 0) return 'an order placed without lines';
  if (payload.paymentDeadline !== undefined && !isInstant(payload.paymentDeadline)) return 'bad paymentDeadline';
  if (payload.reason !== undefined && typeof payload.reason !== 'string') return 'bad reason';
  if (payload.cancelledBy !== undefined && !['shopper', 'admin', 'system'].includes(payload.cancelledBy))
    return 'bad cancelledBy';
  if (typeof payload.paid !== 'boolean') return 'no paid flag';
  if (payload.refundedAmount !== undefined && !isAmount(payload.refundedAmount)) return 'bad refundedAmount';
  return undefined;
}

/**
 * The event as one to mail about; `undefined` for a type this service does not mail (the queue's `order.*`
 * and `payment.*` bindings may carry events added later). A known type it cannot read is refused at once.
 */
export function readOrderEvent(event: EventEnvelope): OrderEvent | undefined {
  if (!(ORDER_EVENT_TYPES as readonly string[]).includes(event.type)) return undefined;
  const type = event.type as OrderEventType;
  if (event.version !== ORDER_EVENT_VERSION)
    throw new UnreadableEventError(event.id, `version ${event.version} of ${type} is not known here`);
  const problem = payloadProblem(type, event.payload as Partial<OrderEventPayload>);
  if (problem) throw new UnreadableEventError(event.id, problem);
  return { id: event.id, type, payload: event.payload as OrderEventPayload };
}
