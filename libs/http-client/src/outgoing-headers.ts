import { context as otelContext, propagation } from '@opentelemetry/api';
import { currentRequestContext } from '@app/request-context';

/** Headers every outgoing call carries so one request can be followed across services. */
export function propagatedHeaders(): Record<string, string> {
  const context = currentRequestContext();
  if (!context) return {};
  const headers: Record<string, string> = { 'x-request-id': context.requestId };
  if (context.traceparent) headers.traceparent = context.traceparent;
  if (context.tracestate) headers.tracestate = context.tracestate;
  // With tracing on, the active span becomes the parent; with it off this injects nothing.
  propagation.inject(otelContext.active(), headers);
  return headers;
}

/** The shopper's own credentials, for calls made on their behalf (e.g. reading their cart). */
export function forwardedAuthorization(): string | undefined {
  return currentRequestContext()?.authorization;
}
