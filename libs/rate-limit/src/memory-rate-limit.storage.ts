import { type ThrottlerStorage } from '@nestjs/throttler';
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  hits: number;
  resetsAt: number;
}

/**
 * Fixed-window counters in process memory: one small record per client and window, O(1) per request.
 * (The library's default keeps one timestamp per hit, which grows with traffic and collapsed throughput.)
 */
export class MemoryRateLimitStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepEveryMs = 30_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async increment(key: string, ttlMs: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + ttlMs };
      this.windows.set(key, window);
    }
    window.hits += 1;
    return recordFor(window.hits, window.resetsAt - now, limit);
  }

  /** Drops windows that have ended, so memory follows the number of active clients, not history. */
  sweep(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

/** Throttler records carry seconds; a blocked client may retry when the window resets. */
export function recordFor(hits: number, msToReset: number, limit: number): ThrottlerStorageRecord {
  const seconds = Math.max(1, Math.ceil(msToReset / 1000));
  const isBlocked = hits > limit;
  return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
}
