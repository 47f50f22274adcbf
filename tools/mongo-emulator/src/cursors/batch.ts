import { calculateObjectSize } from 'bson';
import { MAX_BSON_OBJECT_SIZE } from '../wire/opcodes';
import type { Doc } from '../values/doc';

/** The first batch of a find or aggregate holds 101 documents unless the client asks otherwise (server default). */
export const DEFAULT_FIRST_BATCH = 101;

/**
 * Takes up to `max` documents starting at `start`, stopping before the reply would outgrow a BSON document
 * (always at least one document, as the server does).
 */
export function takeBatch(docs: Doc[], start: number, max: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = start; i < docs.length && batch.length < max; i++) {
    bytes += calculateObjectSize(docs[i]);
    if (batch.length > 0 && bytes > MAX_BSON_OBJECT_SIZE - 1024 * 1024) break;
    batch.push(docs[i]);
  }
  return batch;
}

/** Reads a batchSize field: absent means "server default", a negative or non-numeric one is a client bug. */
export function readBatchSize(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || value < 0 || !Number.isInteger(value)) return fallback;
  return value;
}
