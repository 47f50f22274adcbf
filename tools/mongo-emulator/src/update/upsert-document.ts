import { ObjectId } from 'bson';
import { isOperatorObject, isPlainObject, type Doc } from '../values/doc';
import { setPath } from '../values/paths';
import { applyUpdate, type UpdateContext } from './apply-update';
import type { UpdateSpec } from './update-kind';

/**
 * The document an upsert inserts, built as the server does: the filter's equality conditions (including those
 * inside a top-level `$and`), then the update with `$setOnInsert`, then a new ObjectId if there is still no _id.
 */
export function buildUpsertDocument(spec: UpdateSpec, context: UpdateContext): Doc {
  const seed = equalityFields(context.filter);
  let doc: Doc;
  if (spec.kind === 'replacement') {
    doc = { ...spec.replacement };
    if (!('_id' in doc) && '_id' in seed) doc = { _id: seed._id, ...doc };
  } else {
    doc = applyUpdate(seed, spec, { ...context, inserting: true });
  }
  const { _id: id, ...rest } = doc;
  return { _id: id === undefined ? new ObjectId() : id, ...rest };
}

function equalityFields(filter: Doc): Doc {
  const seed: Doc = {};
  addEqualities(filter, seed);
  return seed;
}

function addEqualities(filter: Doc, seed: Doc): void {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) addEqualities(clause, seed);
    } else if (path.startsWith('$') || condition instanceof RegExp) {
      continue;
    } else if (isOperatorObject(condition)) {
      if ('$eq' in condition) setPath(seed, path, condition.$eq);
    } else {
      setPath(seed, path, condition);
    }
  }
}
