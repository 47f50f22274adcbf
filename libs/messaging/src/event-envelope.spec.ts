import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { MalformedEventError, newEvent, parseEnvelope } from './event-envelope';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const valid = {
  id: 'e1',
  type: 'order.paid',
  version: 1,
  occurredAt: '2026-12-05T10:00:00.000Z',
  source: 's',
  payload: {},
};

describe('event envelope', () => {
  afterEach(() => {
    propagation.disable();
    context.disable();
  });

  it('stamps a new event with an id, version 1 and the time, and keeps a fixed id when given one', () => {
    const event = newEvent('order.paid', { orderId: 'o1' }, { source: 'order-service' });
    expect(event).toMatchObject({
      type: 'order.paid',
      version: 1,
      source: 'order-service',
      payload: { orderId: 'o1' },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.occurredAt)).toBeGreaterThan(0);
    expect(event.traceparent).toBeUndefined();
    const fixed = newEvent(
      'order.paid',
      {},
      { source: 's', id: 'order-1:order.paid', occurredAt: new Date(0), version: 2 },
    );
    expect(fixed).toMatchObject({ id: 'order-1:order.paid', occurredAt: '1970-01-01T00:00:00.000Z', version: 2 });
  });

  it('carries the active trace context so the consumer joins the same trace', () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    });
    const event = context.with(trace.setSpan(ROOT_CONTEXT, span), () => newEvent('order.placed', {}, { source: 's' }));
    expect(event.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
  });

  it('reads back what it wrote', () => {
    expect(parseEnvelope(body(valid))).toEqual(valid);
  });

  it.each([
    ['not JSON', '{oops', 'not JSON'],
    ['null', 'null', 'not an object'],
    ['no id', { ...valid, id: '' }, 'no id'],
    ['an odd type', { ...valid, type: 'OrderPaid' }, 'no type'],
    ['no version', { ...valid, version: 0 }, 'no version'],
    ['a bad time', { ...valid, occurredAt: 'yesterday' }, 'no occurredAt'],
    ['no payload', { ...valid, payload: null }, 'no payload'],
  ])('refuses a message with %s as malformed (dead-lettered, never retried)', (_case, value, message) => {
    expect(() => parseEnvelope(body(value))).toThrow(MalformedEventError);
    expect(() => parseEnvelope(body(value))).toThrow(message);
  });
});
