import { type UndiciRequest } from '@opentelemetry/instrumentation-undici';

const PROPAGATION_HEADERS = new Set(['traceparent', 'tracestate']);

/**
 * Removes trace headers a caller already put on an outgoing fetch (libs/http-client copies the request's own
 * for when tracing is off). The client span then adds its own; two `traceparent` lines would reach the
 * upstream joined by a comma, which no propagator parses, and the upstream would start a trace of its own.
 */
export function dropCallerTraceHeaders(request: Pick<UndiciRequest, 'headers'>): void {
  const { headers } = request;
  if (typeof headers === 'string') {
    request.headers = headers
      .split('\r\n')
      .filter((line) => !PROPAGATION_HEADERS.has(line.slice(0, line.indexOf(':')).trim().toLowerCase()))
      .join('\r\n');
    return;
  }
  for (let index = headers.length - 2; index >= 0; index -= 2)
    if (PROPAGATION_HEADERS.has(String(headers[index]).toLowerCase())) headers.splice(index, 2);
}
