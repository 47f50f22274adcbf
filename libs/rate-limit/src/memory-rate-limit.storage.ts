import { type RateLimitRecord, RateLimitStorage, recordFor } from './rate-limit.storage';

interface Window {
  hits: number;
  resetsAt: number;
}

/**
 * Fixed-window counters in process memory: one small record per client and window, O(1) per request.
 * (A log of one timestamp per hit grows with traffic and collapsed throughput; docs/decisions/0004.)
 * Answers synchronously: nothing here waits.
 */
export class MemoryRateLimitStorage extends RateLimitStorage {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepEveryMs = 30_000) {
    super();
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  increment(key: string, windowMs: number, limit: number): RateLimitRecord {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.resetsAt <= now) {
      window = { hits: 0, resetsAt: now + windowMs };
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
