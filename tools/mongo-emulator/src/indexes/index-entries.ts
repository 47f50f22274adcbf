import { Query } from 'mingo';
import { commandError } from '../errors/error-codes';
import type { Doc } from '../values/doc';
import { valuesAtPath } from '../values/paths';
import { valueKey } from '../values/value-key';
import type { IndexDefinition } from './index-definition';

/** One key a document contributes to an index: its comparable form and the `keyValue` an E11000 reports. */
export interface IndexEntry {
  key: string;
  keyValue: Doc;
}

const partialQueries = new WeakMap<Doc, Query>();

/**
 * The keys a document puts into an index. Array values contribute one key per element (a multikey index),
 * a missing field is the null key, and sparse or partial indexes skip documents they do not cover.
 */
export function indexEntries(index: IndexDefinition, doc: Doc): IndexEntry[] {
  if (index.partialFilterExpression && !partialQuery(index.partialFilterExpression).test(doc)) return [];
  const fields = Object.keys(index.key);
  const perField = fields.map((field) => valuesAtPath(doc, field));
  const arrayFields = fields.filter((_, i) => perField[i].sawArray);
  if (arrayFields.length > 1) {
    throw commandError(
      'CannotIndexParallelArrays',
      `cannot index parallel arrays [${arrayFields[1]}] [${arrayFields[0]}]`,
    );
  }
  const values = perField.map((found) => (found.values.length ? found.values : [undefined]));
  if (index.sparse && values.every((options) => options.every((value) => value === undefined))) return [];
  const entries = new Map<string, IndexEntry>();
  for (const combination of combinations(values)) {
    const keyValue: Doc = {};
    fields.forEach((field, i) => (keyValue[field] = combination[i] ?? null));
    entries.set(combination.map(valueKey).join('|'), { key: combination.map(valueKey).join('|'), keyValue });
  }
  return [...entries.values()];
}

function partialQuery(filter: Doc): Query {
  let query = partialQueries.get(filter);
  if (!query) {
    query = new Query(filter);
    partialQueries.set(filter, query);
  }
  return query;
}

/** Cartesian product; at most one factor has more than one value because parallel arrays are refused. */
function combinations(values: unknown[][]): unknown[][] {
  return values.reduce<unknown[][]>(
    (acc, options) => acc.flatMap((prefix) => options.map((v) => [...prefix, v])),
    [[]],
  );
}
