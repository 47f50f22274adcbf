import { ObjectId } from 'bson';
import { commandError } from '../errors/error-codes';
import type { CommandHandler } from '../protocol/command-context';
import { isPlainObject, type Doc } from '../values/doc';
import { collectionName, requiredArray } from './command-args';
import { runStatements } from './write-errors';

/** The server stores _id first and generates an ObjectId when the client did not send one. */
function prepareDocument(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw commandError('TypeMismatch', 'Each document to insert must be an object');
  const { _id: id, ...rest } = raw;
  if (Array.isArray(id)) throw commandError('BadValue', "can't use an array for _id");
  if (id instanceof RegExp) throw commandError('BadValue', "can't use a regex for _id");
  return { _id: id === undefined ? new ObjectId() : id, ...rest };
}

const insert: CommandHandler = (context) => {
  const documents = requiredArray(context.body, 'documents');
  const collection = context.db.getOrCreate(collectionName(context));
  let inserted = 0;
  const writeErrors = runStatements(documents, context.body.ordered !== false, (raw) => {
    collection.insert(prepareDocument(raw));
    inserted++;
  });
  if (inserted) context.markDirty();
  return { n: inserted, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

export const insertCommands: Record<string, CommandHandler> = { insert };
