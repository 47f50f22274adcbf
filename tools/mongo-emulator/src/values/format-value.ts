import { Binary, ObjectId } from 'bson';
import { isPlainObject } from './doc';

/** Renders a value the way the server's error messages do, e.g. `{ email: "a@b.c" }` or `ObjectId('...')`. */
export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof ObjectId) return `ObjectId('${value.toHexString()}')`;
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof Binary) return `BinData(${value.sub_type}, ${Buffer.from(value.buffer).toString('hex')})`;
  if (Array.isArray(value)) return `[ ${value.map(formatValue).join(', ')} ]`;
  if (isPlainObject(value)) return formatDocument(value);
  return String(value);
}

export function formatDocument(doc: Record<string, unknown>): string {
  const fields = Object.entries(doc).map(([key, inner]) => `${key}: ${formatValue(inner)}`);
  return fields.length ? `{ ${fields.join(', ')} }` : '{}';
}
