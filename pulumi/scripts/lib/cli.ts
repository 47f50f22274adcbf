import * as path from 'node:path';

/** Repository root: stack files live next to Pulumi.yaml there. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const STACK_NAME = /^[a-z][a-z0-9-]*$/;

export function stackFilePath(stack: string, root = REPO_ROOT): string {
  if (!STACK_NAME.test(stack)) throw new Error(`"${stack}" is not a stack name`);
  return path.join(root, `Pulumi.${stack}.yaml`);
}

/**
 * Parses `--name value` pairs; a flag given several times collects every value (`--service a --service b`).
 * Unknown flags are errors, so a typo cannot silently fall back to a default.
 */
export function parseFlags(argv: string[], known: readonly string[]): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!flag || !known.includes(flag))
      throw new Error(`Unknown argument "${arg}". Expected: ${known.map((k) => `--${k}`).join(', ')}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${flag} needs a value`);
    flags.set(flag, [...(flags.get(flag) ?? []), value]);
  }
  return flags;
}

/** The single value of a flag, or the default. */
export function single(flags: Map<string, string[]>, name: string, fallback?: string): string {
  const values = flags.get(name);
  if (values && values.length > 1) throw new Error(`--${name} given more than once`);
  const value = values?.[0] ?? fallback;
  if (value === undefined) throw new Error(`--${name} is required`);
  return value;
}
