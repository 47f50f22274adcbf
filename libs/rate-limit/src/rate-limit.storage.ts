/** One client's count in the current window, after counting the request at hand. */
export interface RateLimitRecord {
  /** Requests counted in this window, this one included. */
  totalHits: number;
  /** Whole seconds until the window resets (at least 1). */
  timeToExpire: number;
  /** Over the limit: the request is refused. */
  isBlocked: boolean;
  /** Whole seconds the client must wait (the rest of the window) when blocked, else 0. */
  timeToBlockExpire: number;
}

/**
 * Where the fixed-window counters live (memory, or Redis across replicas). Also the injection token of the
 * one storage a service has, so other limits (e.g. user-service's per-email login limit) share it.
 *
 * `increment` may answer synchronously: the in-memory storage does, so the guard completes without a promise
 * (each one also pays the request context's async hooks on Node 20, docs/benchmarks.md). Callers that do not
 * care simply `await` the answer.
 */
export abstract class RateLimitStorage {
  abstract increment(key: string, windowMs: number, limit: number): RateLimitRecord | Promise<RateLimitRecord>;
  abstract close(): void | Promise<void>;
}

/** A blocked client may retry when the window resets; seconds are rounded up so a client never retries early. */
export function recordFor(hits: number, msToReset: number, limit: number): RateLimitRecord {
  const seconds = Math.max(1, Math.ceil(msToReset / 1000));
  const isBlocked = hits > limit;
  return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
}
