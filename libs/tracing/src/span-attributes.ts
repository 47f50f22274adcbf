import { type AttributeValue, trace } from '@opentelemetry/api';

/**
 * Puts what identifies the work (order id, ...) on the active span, so its trace can be found by it. With
 * tracing off there is no active span and this does nothing; only @opentelemetry/api is loaded.
 */
export function setSpanAttributes(attributes: Record<string, AttributeValue | undefined>): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) span.setAttribute(key, value);
}

/** The ids of the active span, for a log line to link to its trace; undefined when no span is recording. */
export function activeSpanIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : undefined;
}
