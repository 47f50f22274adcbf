import { UpstreamUnavailableError } from '@app/errors';
import { UpstreamResponseError } from '@app/http-client';

/**
 * An upstream that rate-limits us is not answering the question: to our caller that is a temporary outage
 * (503 with Retry-After), not an internal error. Any other error is returned unchanged.
 */
export function throttledAsUnavailable(error: unknown): unknown {
  if (error instanceof UpstreamResponseError && error.status === 429)
    return new UpstreamUnavailableError(error.upstream, 1);
  return error;
}
