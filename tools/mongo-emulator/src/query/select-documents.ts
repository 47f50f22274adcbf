import { Query } from 'mingo';
import { commandError, unsupported } from '../errors/error-codes';
import type { Collection } from '../storage/collection';
import type { Database } from '../storage/database';
import { isOperatorObject, isPlainObject, type Doc } from '../values/doc';
import { mingoOptions } from './mingo-options';
import { containsKey } from './refused-operators';
import { parseTextSearch, scoreDocument } from './text-search';

/** Matching documents in natural order, with text scores when the filter had a `$text` clause. */
export interface Selection {
  docs: Doc[];
  scores?: Map<Doc, number>;
}

export function readFilter(filter: unknown): Doc {
  if (filter === undefined || filter === null) return {};
  if (!isPlainObject(filter)) throw commandError('TypeMismatch', 'filter must be an object');
  return filter;
}

/** The part of a filter mingo evaluates: `$text` is the emulator's own, `$comment` only labels server logs. */
export function mingoCriteria(filter: Doc): Doc {
  const { $text: _text, $comment: _comment, ...criteria } = filter;
  return criteria;
}

/** Runs a query filter with mingo; `$text` (top level only, like the server) is handled by text-search.ts. */
export function selectDocuments(
  db: Database,
  collection: Collection | undefined,
  rawFilter: unknown,
  variables?: Doc,
): Selection {
  const filter = readFilter(rawFilter);
  if (!collection) return { docs: [] };
  const textSpec = filter.$text;
  const rest = mingoCriteria(filter);
  if (containsKey(rest, '$text')) throw unsupported('$text anywhere but the top level of a filter');
  const query = new Query(rest, mingoOptions(db, variables));
  let candidates = candidatesById(collection, rest);
  let scores: Map<Doc, number> | undefined;
  if (textSpec !== undefined) {
    scores = textScores(collection, candidates, textSpec);
    candidates = candidates.filter((doc) => scores?.has(doc));
  }
  return { docs: candidates.filter((doc) => query.test(doc)), scores };
}

/** A filter on a plain `_id` value (or `$in` of them) reads those documents directly instead of scanning. */
function candidatesById(collection: Collection, filter: Doc): Doc[] {
  if (!('_id' in filter)) return collection.all();
  const id = filter._id;
  if (!isOperatorObject(id) && !(id instanceof RegExp) && !Array.isArray(id)) {
    const doc = collection.findById(id);
    return doc ? [doc] : [];
  }
  if (isPlainObject(id) && Object.keys(id).length === 1 && Array.isArray(id.$in)) {
    const ids = id.$in;
    if (ids.every((value) => !(value instanceof RegExp) && !isPlainObject(value) && !Array.isArray(value))) {
      const found = new Set(ids.map((value) => collection.findById(value)).filter((doc): doc is Doc => !!doc));
      return collection.all().filter((doc) => found.has(doc));
    }
  }
  return collection.all();
}

function textScores(collection: Collection, docs: Doc[], spec: unknown): Map<Doc, number> {
  const index = collection.indexes.find((candidate) => candidate.textFields);
  if (!index) throw commandError('IndexNotFound', 'text index required for $text query');
  const search = parseTextSearch(spec);
  const scores = new Map<Doc, number>();
  for (const doc of docs) {
    const score = scoreDocument(search, index, doc);
    if (score !== undefined) scores.set(doc, score);
  }
  return scores;
}
