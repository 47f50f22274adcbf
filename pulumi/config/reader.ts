/**
 * Reads a plain config object field by field and collects every problem instead of stopping at the first,
 * so `pulumi preview` on a badly edited stack file lists everything that needs fixing at once.
 */
export class ConfigReader {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly path: string,
    private readonly problems: string[],
  ) {}

  static root(raw: Record<string, unknown>, problems: string[]): ConfigReader {
    return new ConfigReader(raw, '', problems);
  }

  object(key: string): ConfigReader {
    const value = this.raw[key];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(key, 'expected an object', undefined);
      return new ConfigReader({}, this.at(key), []);
    }
    return new ConfigReader(value as Record<string, unknown>, this.at(key), this.problems);
  }

  string(key: string, pattern?: RegExp, fallback?: string): string {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'string' || value.length === 0) return this.fail(key, 'expected a non-empty string', '');
    if (pattern && !pattern.test(value)) return this.fail(key, `"${value}" does not match ${pattern}`, '');
    return value;
  }

  /** A string that may be left out (or empty); validated only when given. */
  optionalString(key: string, pattern: RegExp): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') return this.fail(key, 'expected a string', undefined);
    if (!pattern.test(value)) return this.fail(key, `"${value}" does not match ${pattern}`, undefined);
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.raw[key];
    if (!allowed.includes(value as T)) return this.fail(key, `expected one of ${allowed.join(', ')}`, allowed[0]);
    return value as T;
  }

  int(key: string, min: number, max: number, fallback?: number): number {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.fail(key, `expected an integer from ${min} to ${max}`, min);
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.raw[key] ?? fallback;
    if (typeof value !== 'boolean') return this.fail(key, 'expected true or false', fallback);
    return value;
  }

  strings(key: string, each: RegExp, minItems: number, fallback?: string[]): string[] {
    const value = this.raw[key] ?? fallback;
    if (!Array.isArray(value) || value.length < minItems) {
      return this.fail(key, `expected a list of at least ${minItems} item(s)`, []);
    }
    const bad = value.filter((item) => typeof item !== 'string' || !each.test(item));
    if (bad.length > 0) return this.fail(key, `invalid item(s) ${JSON.stringify(bad)}`, []);
    return value as string[];
  }

  /** A list whose items the caller checks itself (when echoing a bad item could leak it). */
  list(key: string, fallback: unknown[]): unknown[] {
    const value = this.raw[key] ?? fallback;
    if (!Array.isArray(value)) return this.fail(key, 'expected a list', []);
    return value;
  }

  /** The keys present, for maps whose keys the caller checks (e.g. per-service overrides). */
  keys(): string[] {
    return Object.keys(this.raw);
  }

  /**
   * A reader of this object laid over `defaults` (nested objects merged, this object's values winning), at the same
   * path: an override that names only what differs is then validated as a whole, with the same rules.
   */
  over(defaults: Record<string, unknown>): ConfigReader {
    return new ConfigReader(mergeDeep(defaults, this.raw), this.path, this.problems);
  }

  /** The object as given, without the listed keys (the defaults an override is laid over). */
  without(...keys: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.raw).filter(([key]) => !keys.includes(key)));
  }

  /** How many problems have been found so far (to tell whether a part just read was sound). */
  problemCount(): number {
    return this.problems.length;
  }

  /** Whether an optional key is present at all. */
  has(key: string): boolean {
    return this.raw[key] !== undefined && this.raw[key] !== null;
  }

  /** Records a cross-field problem found by the caller. */
  problem(key: string, message: string): void {
    this.fail(key, message, undefined);
  }

  private at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  private fail<T>(key: string, message: string, placeholder: T): T {
    this.problems.push(`${this.at(key)}: ${message}`);
    return placeholder;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mergeDeep(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over))
    merged[key] = isPlainObject(value) && isPlainObject(base[key]) ? mergeDeep(base[key], value) : value;
  return merged;
}
