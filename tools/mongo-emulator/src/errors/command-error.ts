import type { Doc } from '../values/doc';

/**
 * An error the emulator answers with `{ ok: 0, errmsg, code, codeName, ...extra }`, the shape the real server
 * uses, so the driver turns it into a MongoServerError carrying the same fields.
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    readonly codeName: string,
    message: string,
    readonly extra: Doc = {},
  ) {
    super(message);
    this.name = 'CommandError';
  }

  toReply(): Doc {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** The entry of a `writeErrors` array for the statement at `index`. */
  toWriteError(index: number): Doc {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}
