import { createHash } from 'node:crypto';
import { IdempotencyKeyInvalidError, IdempotencyKeyMissingError } from './orders.errors';

/** 8 to 128 characters, so a UUID, a ULID or a client's own scheme fit, and nothing that could smuggle markup. */
const KEY_FORMAT = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The `Idempotency-Key` header, required and well-formed, or a 400 problem. */
export function readIdempotencyKey(header: string | string[] | undefined): string {
  if (Array.isArray(header)) throw new IdempotencyKeyInvalidError();
  const key = header?.trim();
  if (!key) throw new IdempotencyKeyMissingError();
  if (!KEY_FORMAT.test(key)) throw new IdempotencyKeyInvalidError();
  return key;
}

/** JSON with object keys sorted, so the same body always hashes the same whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What "the same request" means for an Idempotency-Key: the same validated body. */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}
