/** MongoDB's E11000: a write broke a unique index. */
const DUPLICATE_KEY = 11000;

interface MongoWriteError {
  code?: unknown;
  keyPattern?: Record<string, unknown>;
  keyValue?: Record<string, unknown>;
  message?: unknown;
}

/**
 * Whether a write failed on a unique index, optionally on the index that covers `field`. Mongoose bundles
 * its own driver, so the error is recognised by its code rather than by class. Servers that omit
 * `keyPattern` (older ones, and wire-compatible servers) still name the index in the message.
 */
export function isDuplicateKeyError(error: unknown, field?: string): boolean {
  const candidate = error as MongoWriteError | undefined;
  if (candidate?.code !== DUPLICATE_KEY) return false;
  if (field === undefined) return true;
  const keys = Object.keys(candidate.keyPattern ?? candidate.keyValue ?? {});
  if (keys.length > 0) return keys.includes(field);
  return typeof candidate.message === 'string' && candidate.message.includes(field);
}
