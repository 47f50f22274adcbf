import { Long } from 'bson';
import { commandError } from '../errors/error-codes';
import type { Doc } from '../values/doc';
import { DEFAULT_FIRST_BATCH, readBatchSize, takeBatch } from './batch';

interface OpenCursor {
  namespace: string;
  docs: Doc[];
  position: number;
  lastUsed: number;
}

/** How long an unused cursor lives, as the server's default cursorTimeoutMillis. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Server-side cursors over results computed when the cursor opened. Ids are int64 on the wire (bson Long); the
 * registry picks them below 2^53 so they also survive number promotion on the way back in.
 */
export class CursorRegistry {
  private readonly cursors = new Map<number, OpenCursor>();

  /** The `cursor` sub-document of a find/aggregate reply, opening a cursor only if documents remain. */
  open(namespace: string, docs: Doc[], options: { batchSize?: unknown; singleBatch?: boolean }): Doc {
    const firstBatch = takeBatch(docs, 0, readBatchSize(options.batchSize, DEFAULT_FIRST_BATCH));
    let id = 0;
    if (!options.singleBatch && firstBatch.length < docs.length) {
      id = this.newId();
      this.cursors.set(id, { namespace, docs, position: firstBatch.length, lastUsed: Date.now() });
    }
    return { firstBatch, id: Long.fromNumber(id), ns: namespace };
  }

  getMore(rawId: unknown, namespace: string, batchSize: unknown): Doc {
    const id = toNumber(rawId);
    const cursor = this.cursors.get(id);
    if (!cursor) throw commandError('CursorNotFound', `cursor id ${id} not found`);
    if (cursor.namespace !== namespace) {
      throw commandError(
        'Unauthorized',
        `Requested getMore on namespace '${namespace}', but cursor belongs to a different namespace ${cursor.namespace}`,
      );
    }
    const nextBatch = takeBatch(
      cursor.docs,
      cursor.position,
      readBatchSize(batchSize, Number.MAX_SAFE_INTEGER) || Number.MAX_SAFE_INTEGER,
    );
    cursor.position += nextBatch.length;
    cursor.lastUsed = Date.now();
    const exhausted = cursor.position >= cursor.docs.length;
    if (exhausted) this.cursors.delete(id);
    return { nextBatch, id: Long.fromNumber(exhausted ? 0 : id), ns: namespace };
  }

  /** Kills the given cursors and reports which ones existed, in killCursors' reply format. */
  kill(ids: unknown[]): { killed: Long[]; notFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const raw of ids) {
      const id = toNumber(raw);
      (this.cursors.delete(id) ? killed : notFound).push(Long.fromNumber(id));
    }
    return { killed, notFound };
  }

  closeIdle(now = Date.now()): void {
    for (const [id, cursor] of this.cursors) if (now - cursor.lastUsed > IDLE_TIMEOUT_MS) this.cursors.delete(id);
  }

  clear(): void {
    this.cursors.clear();
  }

  get openCount(): number {
    return this.cursors.size;
  }

  private newId(): number {
    let id: number;
    do id = Math.floor(Math.random() * (Number.MAX_SAFE_INTEGER - 1)) + 1;
    while (this.cursors.has(id));
    return id;
  }
}

function toNumber(id: unknown): number {
  if (typeof id === 'number') return id;
  if (id instanceof Long) return id.toNumber();
  throw commandError('TypeMismatch', 'cursor id must be an int64');
}
