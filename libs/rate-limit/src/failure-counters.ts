/** A count that loses half its weight every half-life, and when it last grew. */
export interface DecayedCount {
  value: number;
  /** Epoch milliseconds of the last failure counted, 0 when none is remembered. */
  lastAt: number;
}

/**
 * Counters of failures that fade on their own (exponential decay), so an old burst of failures stops
 * weighing on an account or an address without anyone resetting it, and a set of distinct members seen in a
 * sliding window (e.g. the client addresses that failed to log in to one account). Memory, or Redis across
 * replicas. Used by user-service's login throttle (docs/decisions/0017-account-protection.md).
 */
export abstract class FailureCounters {
  /** The counts of `keys` decayed to now, unchanged. */
  abstract read(keys: string[], halfLifeMs: number): Promise<DecayedCount[]>;
  /** Decays each count to now and adds one failure; answers the counts after adding. */
  abstract add(keys: string[], halfLifeMs: number): Promise<DecayedCount[]>;
  abstract clear(key: string): Promise<void>;
  /** Remembers `member` under `key` and answers how many distinct members were seen in the last `windowMs`. */
  abstract distinct(key: string, member: string, windowMs: number): Promise<number>;
  abstract close(): void | Promise<void>;
}

/** A count of `value` at `at`, seen at `now`. */
export function decayed(value: number, at: number, now: number, halfLifeMs: number): number {
  if (value <= 0 || now <= at) return Math.max(0, value);
  return value * 2 ** (-(now - at) / halfLifeMs);
}

/** Below this a count is as good as gone, and forgotten. */
const NEGLIGIBLE = 0.01;

interface Entry {
  value: number;
  at: number;
}

/** The counters in this process: per replica, and what Redis falls back to when it does not answer. */
export class MemoryFailureCounters extends FailureCounters {
  private readonly counts = new Map<string, Entry & { halfLifeMs: number }>();
  private readonly members = new Map<string, Map<string, number>>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    sweepEveryMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async read(keys: string[], halfLifeMs: number): Promise<DecayedCount[]> {
    const now = this.now();
    return keys.map((key) => {
      const entry = this.counts.get(key);
      return entry
        ? { value: decayed(entry.value, entry.at, now, halfLifeMs), lastAt: entry.at }
        : { value: 0, lastAt: 0 };
    });
  }

  async add(keys: string[], halfLifeMs: number): Promise<DecayedCount[]> {
    const now = this.now();
    return keys.map((key) => {
      const entry = this.counts.get(key);
      const value = (entry ? decayed(entry.value, entry.at, now, halfLifeMs) : 0) + 1;
      this.counts.set(key, { value, at: now, halfLifeMs });
      return { value, lastAt: now };
    });
  }

  async clear(key: string): Promise<void> {
    this.counts.delete(key);
    this.members.delete(key);
  }

  async distinct(key: string, member: string, windowMs: number): Promise<number> {
    const now = this.now();
    const seen = this.members.get(key) ?? new Map<string, number>();
    seen.set(member, now);
    for (const [other, at] of seen) if (at <= now - windowMs) seen.delete(other);
    this.members.set(key, seen);
    return seen.size;
  }

  /** Forgets faded counts, so memory follows the clients failing now rather than history. */
  sweep(now = this.now()): void {
    for (const [key, entry] of this.counts)
      if (decayed(entry.value, entry.at, now, entry.halfLifeMs) < NEGLIGIBLE) this.counts.delete(key);
    // A member set older than a day is certainly outside any window (the settings cap windows at a day).
    for (const [key, seen] of this.members) if (Math.max(...seen.values()) < now - 86_400_000) this.members.delete(key);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
