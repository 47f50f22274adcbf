import { isPlainObject } from './doc';

/**
 * Deep copy of plain objects, arrays and dates; bson value objects (ObjectId, Binary) are immutable and shared.
 * Updates run on a copy so a failed write leaves the stored document untouched.
 */
export function cloneValue<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneValue) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = cloneValue(inner);
    return copy as T;
  }
  return value;
}
