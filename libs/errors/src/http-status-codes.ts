/** Stable codes for errors raised by the framework rather than by our own code. */
export const FRAMEWORK_CODES: Record<number, { code: string; title: string }> = {
  400: { code: 'BAD_REQUEST', title: 'Bad request' },
  401: { code: 'AUTHENTICATION_REQUIRED', title: 'Authentication required' },
  403: { code: 'FORBIDDEN', title: 'Forbidden' },
  404: { code: 'NOT_FOUND', title: 'Not found' },
  405: { code: 'METHOD_NOT_ALLOWED', title: 'Method not allowed' },
  406: { code: 'NOT_ACCEPTABLE', title: 'Not acceptable' },
  409: { code: 'CONFLICT', title: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', title: 'Payload too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  422: { code: 'UNPROCESSABLE_CONTENT', title: 'Unprocessable content' },
  429: { code: 'RATE_LIMITED', title: 'Too many requests' },
  503: { code: 'SERVICE_UNAVAILABLE', title: 'Service unavailable' },
};

export function frameworkCode(status: number): { code: string; title: string } {
  return (
    FRAMEWORK_CODES[status] ??
    (status >= 500 ? { code: 'INTERNAL_ERROR', title: 'Internal error' } : FRAMEWORK_CODES[400])
  );
}
