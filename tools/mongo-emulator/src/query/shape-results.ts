import { Query } from 'mingo';
import { commandError, unsupported } from '../errors/error-codes';
import type { Database } from '../storage/database';
import { isPlainObject, type Doc } from '../values/doc';
import { mingoOptions } from './mingo-options';
import { mingoCriteria, type Selection } from './select-documents';

export interface ShapeOptions {
  sort?: unknown;
  skip?: number;
  limit?: number;
  projection?: unknown;
  /** The query filter: mingo needs it to resolve a positional projection (`'tags.$': 1`). */
  filter?: Doc;
}

// Carries the text score through mingo's sort and projection; removed before documents leave the emulator.
const SCORE_FIELD = '__mongoEmulatorTextScore';

/** Applies sort, skip, limit and projection in the server's order, including `{ $meta: 'textScore' }`. */
export function shapeResults(db: Database, selection: Selection, options: ShapeOptions): Doc[] {
  const sort = readSort(options.sort);
  const projection = readProjection(options.projection);
  const usesScore = Object.values(sort.spec).includes('score') || projection.metaFields.length > 0;
  if (usesScore && !selection.scores)
    throw commandError('BadValue', 'query requires text score metadata, but it is not available');
  let docs = selection.docs;
  if (usesScore) docs = docs.map((doc) => ({ ...doc, [SCORE_FIELD]: selection.scores?.get(doc) }));
  if (sort.natural === -1) docs = [...docs].reverse();
  const sortSpec = Object.fromEntries(
    Object.entries(sort.spec).map(([k, v]) => (v === 'score' ? [SCORE_FIELD, -1] : [k, v])),
  );
  const mingoProjection = { ...projection.spec };
  if (usesScore && projection.inclusive) mingoProjection[SCORE_FIELD] = 1;
  const positional = Object.keys(mingoProjection).some((field) => field.endsWith('.$'));
  const criteria = positional ? mingoCriteria(options.filter ?? {}) : {};
  const cursor = new Query(criteria, mingoOptions(db)).find(docs, mingoProjection);
  if (Object.keys(sortSpec).length) cursor.sort(sortSpec as Record<string, 1 | -1>);
  if (options.skip) cursor.skip(options.skip);
  if (options.limit) cursor.limit(options.limit);
  return cursor.all().map((doc) => finishDocument(doc as Doc, projection.metaFields));
}

function readSort(raw: unknown): { spec: Record<string, 1 | -1 | 'score'>; natural?: 1 | -1 } {
  if (raw === undefined || raw === null) return { spec: {} };
  if (!isPlainObject(raw)) throw commandError('TypeMismatch', 'sort must be an object');
  const spec: Record<string, 1 | -1 | 'score'> = {};
  let natural: 1 | -1 | undefined;
  for (const [field, value] of Object.entries(raw)) {
    if (isPlainObject(value) && value.$meta === 'textScore') spec[field] = 'score';
    else if (value === 1 || value === -1) {
      if (field === '$natural') natural = value;
      else spec[field] = value;
    } else
      throw commandError(
        'BadValue',
        `$sort key ordering must be 1 (for ascending) or -1 (for descending), got ${JSON.stringify(value)} for '${field}'`,
      );
  }
  if (natural !== undefined && Object.keys(spec).length) throw unsupported('$natural combined with other sort keys');
  return { spec, natural };
}

function readProjection(raw: unknown): { spec: Doc; metaFields: string[]; inclusive: boolean } {
  if (raw === undefined || raw === null) return { spec: {}, metaFields: [], inclusive: false };
  if (!isPlainObject(raw)) throw commandError('TypeMismatch', 'projection must be an object');
  const spec: Doc = {};
  const metaFields: string[] = [];
  for (const [field, value] of Object.entries(raw)) {
    if (isPlainObject(value) && '$meta' in value) {
      if (value.$meta !== 'textScore') throw unsupported(`$meta: ${JSON.stringify(value.$meta)}`);
      metaFields.push(field);
    } else spec[field] = value;
  }
  const inclusive = Object.entries(spec).some(([field, value]) => field !== '_id' && value !== 0 && value !== false);
  return { spec, metaFields, inclusive };
}

/** Puts _id first as the server does (mingo appends it last) and swaps the hidden score for the $meta fields. */
function finishDocument(doc: Doc, metaFields: string[]): Doc {
  const result: Doc = '_id' in doc ? { _id: doc._id } : {};
  for (const [key, value] of Object.entries(doc)) if (key !== '_id' && key !== SCORE_FIELD) result[key] = value;
  for (const field of metaFields) result[field] = doc[SCORE_FIELD];
  return result;
}
