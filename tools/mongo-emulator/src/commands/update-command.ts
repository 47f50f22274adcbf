import { commandError } from '../errors/error-codes';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import { refuseCollation } from '../query/collation';
import { readFilter, selectDocuments } from '../query/select-documents';
import { shapeResults } from '../query/shape-results';
import { isPlainObject, type Doc } from '../values/doc';
import { valueKey } from '../values/value-key';
import { applyUpdate } from '../update/apply-update';
import { readUpdateSpec } from '../update/update-kind';
import { buildUpsertDocument } from '../update/upsert-document';
import { collectionName, optionalDoc, requiredArray } from './command-args';
import { runStatements } from './write-errors';

interface UpdateTotals {
  matched: number;
  modified: number;
  upserted: Doc[];
}

function readStatement(raw: unknown): Doc {
  if (!isPlainObject(raw)) throw commandError('TypeMismatch', 'Each update statement must be an object');
  refuseCollation(raw.collation);
  return raw;
}

/** One `updates[i]` statement. Each document is updated atomically; a multi-update stops at its first failure. */
function runUpdate(context: CommandContext, statement: Doc, index: number, totals: UpdateTotals): void {
  const name = collectionName(context);
  const filter = readFilter(statement.q);
  const spec = readUpdateSpec(statement.u);
  const multi = statement.multi === true;
  if (multi && spec.kind === 'replacement')
    throw commandError('FailedToParse', 'multi update is not supported for replacement-style update');
  const arrayFilters = Array.isArray(statement.arrayFilters) ? statement.arrayFilters.filter(isPlainObject) : undefined;
  const updateContext = { db: context.db, filter, arrayFilters, inserting: false };
  const collection = context.db.get(name);
  const selection = selectDocuments(context.db, collection, filter, optionalDoc(context.body, 'let'));
  let targets = selection.docs;
  if (!multi && statement.sort !== undefined) {
    targets = shapeResults(context.db, selection, { sort: statement.sort, limit: 1 }).map(
      (doc) => collection?.findById(doc._id) as Doc,
    );
  }
  if (!multi) targets = targets.slice(0, 1);
  for (const target of targets) {
    const next = applyUpdate(target, spec, updateContext);
    totals.matched++;
    if (valueKey(next) !== valueKey(target)) {
      collection?.replace(target, next);
      totals.modified++;
      context.markDirty();
    }
  }
  if (targets.length === 0 && statement.upsert === true) {
    const doc = buildUpsertDocument(spec, updateContext);
    context.db.getOrCreate(name).insert(doc);
    totals.matched++;
    totals.upserted.push({ index, _id: doc._id });
    context.markDirty();
  }
}

const update: CommandHandler = (context) => {
  const statements = requiredArray(context.body, 'updates').map(readStatement);
  const totals: UpdateTotals = { matched: 0, modified: 0, upserted: [] };
  const writeErrors = runStatements(statements, context.body.ordered !== false, (statement, index) =>
    runUpdate(context, statement as Doc, index, totals),
  );
  return {
    n: totals.matched,
    nModified: totals.modified,
    ...(totals.upserted.length ? { upserted: totals.upserted } : {}),
    ...(writeErrors.length ? { writeErrors } : {}),
    ok: 1,
  };
};

export const updateCommands: Record<string, CommandHandler> = { update };
