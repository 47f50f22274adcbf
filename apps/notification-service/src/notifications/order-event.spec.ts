import { type EventEnvelope } from '@app/messaging';
import { UnreadableEventError } from './notifications.errors';
import { readOrderEvent } from './order-event';

const payload = {
  orderId: '65b0000000000000000000c1',
  number: 'ORD-1',
  userId: '65a0000000000000000000aa',
  status: 'PENDING_PAYMENT',
  currency: 'EUR',
  subtotal: 1000,
  total: 1000,
  lines: [{ sku: 'A', name: 'A', unitPrice: 500, quantity: 2, lineTotal: 1000 }],
  placedAt: '2026-01-01T10:00:00.000Z',
  paymentDeadline: '2026-01-01T10:15:00.000Z',
  paid: false,
};
const envelope = (
  changes: Partial<EventEnvelope> = {},
  payloadChanges: Record<string, unknown> = {},
): EventEnvelope => ({
  id: 'evt-1',
  type: 'order.placed',
  version: 1,
  occurredAt: '2026-01-01T10:00:00.000Z',
  source: 'order-service',
  payload: { ...payload, ...payloadChanges },
  ...changes,
});

describe('readOrderEvent', () => {
  it('reads an order event it mails about', () => {
    expect(readOrderEvent(envelope())).toEqual({ id: 'evt-1', type: 'order.placed', payload });
  });

  it('passes over event types it does not mail about (acknowledged, not dead-lettered)', () => {
    expect(readOrderEvent(envelope({ type: 'order.archived' }))).toBeUndefined();
    expect(readOrderEvent(envelope({ type: 'payment.attempted' }))).toBeUndefined();
  });

  it.each([
    ['an unknown version', { version: 2 }, {}],
    ['a malformed shopper id', {}, { userId: 'nobody' }],
    ['an amount that is not in minor units', {}, { total: 10.5 }],
    ['an unknown currency', {}, { currency: 'EURO' }],
    ['a line without a name', {}, { lines: [{ sku: 'A', unitPrice: 1, quantity: 1, lineTotal: 1 }] }],
    ['an order placed without lines', {}, { lines: [] }],
    ['a bad deadline', {}, { paymentDeadline: 'soon' }],
    ['no paid flag', {}, { paid: undefined }],
  ])('refuses %s for good (dead-lettered at once)', (_what, changes, payloadChanges) => {
    expect(() => readOrderEvent(envelope(changes, payloadChanges))).toThrow(UnreadableEventError);
  });
});
