import { readFileSync } from 'node:fs';

/** Raised when one or more environment variables are missing or invalid; names every offending variable. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

interface NumberRule {
  default?: number;
  min?: number;
  max?: number;
}

/**
 * Reads typed values from an environment map and collects every problem before failing, so a bad deployment
 * is fixed in one round instead of one variable per crash.
 */
export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string, fallback?: string): string {
    const value = this.raw(name) ?? fallback;
    if (value === undefined) this.problems.push(`${name} is required`);
    return value ?? '';
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  int(name: string, rule: NumberRule = {}): number {
    const text = this.raw(name);
    if (text === undefined) {
      if (rule.default === undefined) this.problems.push(`${name} is required`);
      return rule.default ?? 0;
    }
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value)) {
      this.problems.push(`${name} must be an integer, got "${text}"`);
      return rule.default ?? 0;
    }
    if (rule.min !== undefined && value < rule.min) this.problems.push(`${name} must be >= ${rule.min}, got ${value}`);
    if (rule.max !== undefined && value > rule.max) this.problems.push(`${name} must be <= ${rule.max}, got ${value}`);
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const text = this.raw(name);
    if (text === undefined) return fallback;
    if (['true', '1', 'yes'].includes(text.toLowerCase())) return true;
    if (['false', '0', 'no'].includes(text.toLowerCase())) return false;
    this.problems.push(`${name} must be true or false, got "${text}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const text = this.raw(name) ?? fallback;
    if (!allowed.includes(text as T)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
      return fallback;
    }
    return text as T;
  }

  url(name: string, protocols: readonly string[], fallback?: string): string {
    const text = this.string(name, fallback);
    if (!text) return text;
    try {
      const parsed = new URL(text);
      if (!protocols.includes(parsed.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
      }
    } catch {
      // The value may hold credentials, so it is never echoed back.
      this.problems.push(`${name} is not a valid URL`);
    }
    return text;
  }

  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    return this.raw(name) === undefined ? undefined : this.url(name, protocols);
  }

  /** A comma-separated list of exact web origins (`https://shop.example.com`): scheme, host and port only. */
  origins(name: string): string[] {
    const origins = (this.raw(name) ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    for (const origin of origins) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = undefined;
      }
      const exact = parsed && ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === origin;
      if (!exact) this.problems.push(`${name} must list origins like https://shop.example.com, got "${origin}"`);
    }
    return origins;
  }

  /**
   * A PEM value given inline (`NAME`) or as a mounted file (`NAME_FILE`), the way Kubernetes secrets and
   * local key files are usually provided.
   */
  pem(name: string, required: boolean): string | undefined {
    const file = this.raw(`${name}_FILE`);
    let value = this.raw(name);
    if (file !== undefined) {
      try {
        value = readFileSync(file, 'utf8');
      } catch {
        this.problems.push(`${name}_FILE points to an unreadable file: ${file}`);
        return undefined;
      }
    }
    if (value === undefined) {
      if (required) this.problems.push(`${name} (or ${name}_FILE) is required`);
      return undefined;
    }
    const pem = value.replace(/\\n/g, '\n').trim();
    if (!/^-----BEGIN [A-Z ]+-----[\s\S]+-----END [A-Z ]+-----$/.test(pem)) {
      this.problems.push(`${name} must be a PEM-encoded key`);
    }
    return pem;
  }

  /**
   * Records a problem a rule between variables found, reported with all the others (once, however many rules
   * found it). Never echo a secret.
   */
  problem(message: string): void {
    if (!this.problems.includes(message)) this.problems.push(message);
  }

  /** Throws once with every problem collected so far. */
  assertValid(): void {
    if (this.problems.length > 0) throw new ConfigValidationError([...this.problems]);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
