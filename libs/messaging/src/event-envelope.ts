import { randomUUID } from 'node:crypto';
import { context as otelContext, propagation } from '@opentelemetry/api';

/**
 * What travels on the bus: a versioned envelope around the event's payload. `id` is what consumers deduplicate
 * by; `traceparent`/`tracestate` carry the trace of the request that caused the event (W3C trace context), so
 * a consumer's work joins that trace.
 */
export interface EventEnvelope<P = unknown> {
  id: string;
  /** `<aggregate>.<what happened>`, also the routing key, e.g. `order.paid`. */
  type: string;
  /** The payload's schema version: a consumer refuses a version it does not know rather than misread it. */
  version: number;
  /** ISO-8601, when the change happened (not when it was published). */
  occurredAt: string;
  /** The service that recorded the change. */
  source: string;
  traceparent?: string;
  tracestate?: string;
  payload: P;
}

export interface NewEventOptions {
  source: string;
  /** A fixed id for an event that can happen only once per aggregate (see `onceOnlyEventId`). */
  id?: string;
  version?: number;
  occurredAt?: Date;
}

/** A new envelope, carrying the active trace context (if any) so the consumer's work joins the same trace. */
export function newEvent<P>(type: string, payload: P, options: NewEventOptions): EventEnvelope<P> {
  const carrier: { traceparent?: string; tracestate?: string } = {};
  propagation.inject(otelContext.active(), carrier);
  return {
    id: options.id ?? randomUUID(),
    type,
    version: options.version ?? 1,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    source: options.source,
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
    payload,
  };
}

/** A message that is not an event envelope: no retry can fix it, so it goes to the dead-letter queue at once. */
export class MalformedEventError extends Error {
  override readonly name = 'MalformedEventError';
}

const TYPE = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/;

/** Reads an envelope from a message body, refusing anything that is not one. */
export function parseEnvelope(body: Buffer): EventEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new MalformedEventError('the message body is not JSON');
  }
  const event = parsed as Partial<EventEnvelope> | null;
  if (typeof event !== 'object' || event === null) throw new MalformedEventError('the message is not an object');
  if (typeof event.id !== 'string' || event.id.length === 0 || event.id.length > 200)
    throw new MalformedEventError('the event has no id');
  if (typeof event.type !== 'string' || !TYPE.test(event.type)) throw new MalformedEventError('the event has no type');
  if (!Number.isInteger(event.version) || (event.version as number) < 1)
    throw new MalformedEventError('the event has no version');
  if (typeof event.occurredAt !== 'string' || Number.isNaN(Date.parse(event.occurredAt)))
    throw new MalformedEventError('the event has no occurredAt');
  if (typeof event.payload !== 'object' || event.payload === null)
    throw new MalformedEventError('the event has no payload');
  return event as EventEnvelope;
}
