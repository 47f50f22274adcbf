import { timeLeftMs } from '@app/request-context';

/**
 * The least time worth giving an attempt: below it even a healthy upstream rarely answers, so the attempt
 * would only add load and a breaker failure. An attempt is never given more than its own timeout, though.
 */
export const MIN_ATTEMPT_MS = 100;

/**
 * The timeout of the next attempt: the per-attempt timeout, cut to what the request has left; undefined when
 * so little is left that the attempt is not worth starting.
 */
export function attemptTimeoutMs(perAttemptMs: number, leftMs: number): number | undefined {
  if (leftMs < Math.min(MIN_ATTEMPT_MS, perAttemptMs)) return undefined;
  return Math.min(perAttemptMs, leftMs);
}

/** Whether a retry after `backoffMs` would still get an attempt worth starting. */
export function retryFits(perAttemptMs: number, backoffMs: number, leftMs: number): boolean {
  return attemptTimeoutMs(perAttemptMs, leftMs - backoffMs) !== undefined;
}

/**
 * Waits for `work` no longer than the current request has left: past the deadline the caller gets
 * `expired()` while the work itself carries on (e.g. a token fetch other callers share). Work is not started
 * when there is no time worth starting it in.
 */
export async function withinDeadline<T>(
  work: () => Promise<T>,
  expired: () => Error,
  leftMs = timeLeftMs(),
): Promise<T> {
  if (leftMs === Infinity) return work();
  if (leftMs < MIN_ATTEMPT_MS) throw expired();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(expired()), leftMs)));
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
