import { isPlainObject } from './doc';

/** Result of following a dotted path: every value reached (arrays on the way are traversed) and whether any was an array. */
export interface PathValues {
  values: unknown[];
  sawArray: boolean;
}

/** Collects the values at a dotted path the way index keys and `distinct` see them. */
export function valuesAtPath(doc: unknown, path: string): PathValues {
  const result: PathValues = { values: [], sawArray: false };
  collect(doc, path.split('.'), 0, result);
  return result;
}

function collect(current: unknown, parts: string[], depth: number, out: PathValues): void {
  if (depth === parts.length) {
    if (Array.isArray(current)) {
      out.sawArray = true;
      out.values.push(...current);
    } else {
      out.values.push(current);
    }
    return;
  }
  if (Array.isArray(current)) {
    out.sawArray = true;
    const index = Number(parts[depth]);
    if (Number.isInteger(index) && String(index) === parts[depth]) {
      collect(current[index], parts, depth + 1, out);
      return;
    }
    for (const element of current) collect(element, parts, depth, out);
    return;
  }
  if (isPlainObject(current)) {
    collect(current[parts[depth]], parts, depth + 1, out);
    return;
  }
  out.values.push(undefined);
}

/** Sets a dotted path, creating embedded documents on the way (used to seed upserted documents). */
export function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(current[part])) current[part] = {};
    current = current[part] as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}
