import { commandError } from '../errors/error-codes';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import { refuseCollation } from '../query/collation';
import { selectDocuments } from '../query/select-documents';
import { isPlainObject, type Doc } from '../values/doc';
import { collectionName, optionalDoc, requiredArray } from './command-args';
import { runStatements } from './write-errors';

function readStatement(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw commandError('TypeMismatch', 'Each delete statement must be an object');
  if (raw.limit !== 0 && raw.limit !== 1)
    throw commandError('FailedToParse', 'The limit field in delete objects must be 0 or 1');
  refuseCollation(raw.collation);
  return raw;
}

function runDelete(context: CommandContext, statement: Doc): number {
  const collection = context.db.get(collectionName(context));
  const { docs } = selectDocuments(context.db, collection, statement.q, optionalDoc(context.body, 'let'));
  const targets = statement.limit === 1 ? docs.slice(0, 1) : docs;
  for (const doc of targets) collection?.remove(doc);
  if (targets.length) context.markDirty();
  return targets.length;
}

const deleteCommand: CommandHandler = (context) => {
  const statements = requiredArray(context.body, 'deletes').map(readStatement);
  let deleted = 0;
  const writeErrors = runStatements(statements, context.body.ordered !== false, (statement) => {
    deleted += runDelete(context, statement as Doc);
  });
  return { n: deleted, ...(writeErrors.length ? { writeErrors } : {}), ok: 1 };
};

export const deleteCommands: Record<string, CommandHandler> = { delete: deleteCommand };
