import { commandError, unsupported } from '../errors/error-codes';
import type { CommandContext, CommandHandler } from '../protocol/command-context';
import { readFilter, selectDocuments } from '../query/select-documents';
import { shapeResults } from '../query/shape-results';
import { isPlainObject, type Doc } from '../values/doc';
import { valueKey } from '../values/value-key';
import { applyUpdate } from '../update/apply-update';
import { readUpdateSpec } from '../update/update-kind';
import { buildUpsertDocument } from '../update/upsert-document';
import { collectionName, optionalDoc } from './command-args';

function assertConsistent(body: Doc): void {
  const remove = body.remove === true;
  if (remove && body.update !== undefined)
    throw commandError('FailedToParse', 'Cannot specify both an update and remove=true');
  if (!remove && body.update === undefined)
    throw commandError('FailedToParse', 'Either an update or remove=true must be specified');
  if (remove && body.new === true)
    throw commandError(
      'FailedToParse',
      "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document",
    );
  if (remove && body.upsert === true)
    throw commandError('FailedToParse', 'Cannot specify both upsert=true and remove=true');
}

function project(context: CommandContext, doc: Doc | undefined, fields: unknown, filter: Doc): Doc | null {
  if (!doc) return null;
  // The returned document need not match the filter any more, so a positional projection has nothing to use.
  if (isPlainObject(fields) && Object.keys(fields).some((field) => field.endsWith('.$')))
    throw unsupported('positional projections in findAndModify');
  return shapeResults(context.db, { docs: [doc] }, { projection: fields, filter })[0];
}

/**
 * Finds the first match (after `sort`), then removes, updates or upserts it, all inside one synchronous step:
 * no other command can run in between, which is what makes conditional decrements safe under concurrency.
 */
const findAndModify: CommandHandler = (context) => {
  const { body } = context;
  assertConsistent(body);
  const name = collectionName(context);
  const collection = context.db.get(name);
  const filter = readFilter(body.query);
  const selection = selectDocuments(context.db, collection, filter, optionalDoc(body, 'let'));
  const [first] = shapeResults(context.db, selection, { sort: body.sort, limit: 1 });
  const target = first && collection?.findById(first._id);
  if (body.remove === true) {
    if (target) {
      collection?.remove(target);
      context.markDirty();
    }
    return { lastErrorObject: { n: target ? 1 : 0 }, value: project(context, target, body.fields, filter), ok: 1 };
  }
  const spec = readUpdateSpec(body.update);
  const arrayFilters = Array.isArray(body.arrayFilters) ? body.arrayFilters.filter(isPlainObject) : undefined;
  const updateContext = { db: context.db, filter, arrayFilters, inserting: false };
  if (target) {
    const next = applyUpdate(target, spec, updateContext);
    if (valueKey(next) !== valueKey(target)) {
      collection?.replace(target, next);
      context.markDirty();
    }
    const value = project(context, body.new === true ? next : target, body.fields, filter);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value, ok: 1 };
  }
  if (body.upsert !== true) return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
  const doc = buildUpsertDocument(spec, updateContext);
  context.db.getOrCreate(name).insert(doc);
  context.markDirty();
  const value = body.new === true ? project(context, doc, body.fields, filter) : null;
  return { lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id }, value, ok: 1 };
};

export const findAndModifyCommands: Record<string, CommandHandler> = { findAndModify, findandmodify: findAndModify };
