import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type Values = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function readValues(file: string): Values {
  const parsed: unknown = parse(readFileSync(file, 'utf8'));
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) throw new Error(`${file} is not a YAML map`);
  return parsed;
}

/**
 * Layers values files the way Helm coalesces them: maps merge key by key, a null removes the key, and any
 * other value (lists included) replaces what was there.
 */
export function mergeValues(base: Values, ...layers: Values[]): Values {
  return layers.reduce<Values>((merged, layer) => mergeInto(merged, layer), structuredClone(base));
}

function mergeInto(target: Values, layer: Values): Values {
  for (const [key, value] of Object.entries(layer)) {
    const current = target[key];
    if (value === null) delete target[key];
    else if (isPlainObject(value) && isPlainObject(current)) target[key] = mergeInto(current, value);
    else target[key] = structuredClone(value);
  }
  return target;
}

/** The value at a dotted path, and whether the path exists at all (a value may legitimately be empty). */
export function valueAt(values: Values, path: string[]): { found: boolean; value?: unknown } {
  let node: unknown = values;
  for (const key of path) {
    if (!isPlainObject(node) || !(key in node)) return { found: false };
    node = node[key];
  }
  return { found: true, value: node };
}
