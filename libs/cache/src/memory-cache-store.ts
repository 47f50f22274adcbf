import { type CacheRead, type CacheStore } from './cache-store';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * One process's cache: a bounded map in least-recently-used order. Invalidation empties it, and a write that
 * started before the invalidation (its generation is outdated) is dropped instead of stored.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async read(key: string): Promise<CacheRead> {
    return this.readNow(key);
  }

  readNow(key: string): CacheRead {
    const entry = this.entries.get(key);
    if (!entry) return { generation: this.generation };
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return { generation: this.generation };
    this.entries.set(key, entry); // most recently used goes last
    return { generation: this.generation, value: entry.value };
  }

  async write(generation: number, key: string, value: string, ttlMs: number): Promise<void> {
    if (generation !== this.generation) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  async invalidate(): Promise<void> {
    this.generation += 1;
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
