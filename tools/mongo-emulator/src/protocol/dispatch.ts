import { CommandError } from '../errors/command-error';
import { commandError, unsupported } from '../errors/error-codes';
import { unknownCommand } from '../commands/refused-commands';
import { refuseCollation } from '../query/collation';
import { assertNoRefusedOperators } from '../query/refused-operators';
import type { CursorRegistry } from '../cursors/cursor-registry';
import type { Store } from '../storage/store';
import type { Doc } from '../values/doc';
import { normalizeValue } from '../values/normalize-values';
import { commandTable } from './command-table';

export interface DispatchEnvironment {
  store: Store;
  cursors: CursorRegistry;
  connectionId: number;
  markDirty(): void;
}

// Fields every driver adds to commands; they carry session and routing data, not data to check.
const metadataFields = new Set([
  '$db',
  'lsid',
  '$clusterTime',
  '$readPreference',
  'readConcern',
  'writeConcern',
  'comment',
  'maxTimeMS',
  'apiVersion',
  'apiStrict',
  'apiDeprecationErrors',
]);
const transactionFields = ['startTransaction', 'autocommit', 'txnNumber'];

/** Runs one command and returns its reply; every failure becomes an `{ ok: 0 }` reply, never a thrown error. */
export function dispatchCommand(environment: DispatchEnvironment, body: Doc, defaultDb = 'admin'): Doc {
  try {
    const name = Object.keys(body)[0];
    if (!name) throw commandError('FailedToParse', 'Command document is empty');
    if (transactionFields.some((field) => body[field] !== undefined)) throw unsupported('transactions');
    const handler = Object.hasOwn(commandTable, name) ? commandTable[name] : unknownCommand(name);
    for (const field of Object.keys(body)) {
      if (metadataFields.has(field)) continue;
      body[field] = normalizeValue(body[field]);
      assertNoRefusedOperators(body[field]);
    }
    refuseCollation(body.collation);
    const db = environment.store.database(typeof body.$db === 'string' ? body.$db : defaultDb);
    return handler({ ...environment, db, body });
  } catch (error) {
    return errorReply(error);
  }
}

function errorReply(error: unknown): Doc {
  if (error instanceof CommandError) return error.toReply();
  // Anything else comes from mingo rejecting an expression (an unknown operator, a bad argument...).
  const message = error instanceof Error ? error.message : String(error);
  return commandError('BadValue', message).toReply();
}
