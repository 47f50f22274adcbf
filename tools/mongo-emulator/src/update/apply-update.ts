import { Aggregator, update as mingoUpdate } from 'mingo';
import { commandError } from '../errors/error-codes';
import { mingoOptions } from '../query/mingo-options';
import { mingoCriteria } from '../query/select-documents';
import type { Database } from '../storage/database';
import { cloneValue } from '../values/clone';
import type { Doc } from '../values/doc';
import { formatValue } from '../values/format-value';
import { valueKey } from '../values/value-key';
import { resolvePositionalPaths } from './positional-paths';
import type { UpdateSpec } from './update-kind';
import { validateOperators } from './validate-operators';
import { assertNoConflictingPaths } from './conflicting-paths';

export interface UpdateContext {
  db: Database;
  filter: Doc;
  arrayFilters?: Doc[];
  /** True while building an upserted document: `$setOnInsert` applies only then. */
  inserting: boolean;
}

const pipelineStages = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/** Returns the updated copy of `doc`; the stored original is never touched, so a later failure changes nothing. */
export function applyUpdate(doc: Doc, spec: UpdateSpec, context: UpdateContext): Doc {
  let next: Doc;
  if (spec.kind === 'replacement') next = { ...cloneValue(spec.replacement) };
  else if (spec.kind === 'pipeline') next = runPipeline(doc, spec.stages, context.db);
  else next = runOperators(doc, spec.modifier, context);
  return withOriginalId(doc, next);
}

function runOperators(doc: Doc, modifier: Doc, context: UpdateContext): Doc {
  const { $setOnInsert: setOnInsert, ...operators } = modifier;
  // Conflicts are found while the server parses the update, before it looks at the document; a path in both
  // $set and $setOnInsert conflicts even when the document exists.
  assertNoConflictingPaths(modifier);
  validateOperators(modifier, doc);
  if (setOnInsert && context.inserting)
    operators.$set = { ...(operators.$set as Doc | undefined), ...(setOnInsert as Doc) };
  const assignedId = takeIdAssignment(operators, doc);
  const next = cloneValue(doc);
  if (Object.keys(operators).length) {
    const queryOptions = mingoOptions(context.db);
    const condition = positionalCondition(operators, context);
    const resolved = condition ? resolvePositionalPaths(doc, operators, condition, queryOptions) : operators;
    mingoUpdate(next, resolved, context.arrayFilters, condition, { queryOptions });
  }
  return assignedId === undefined ? next : { _id: assignedId, ...next };
}

/**
 * mingo only updates a document that matches the condition it is given, and needs it solely to resolve the
 * positional `$`. The document is already known to match, so the filter goes along only for `$` paths
 * (never while seeding an upsert, which need not match its own filter).
 */
function positionalCondition(operators: Doc, context: UpdateContext): Doc | undefined {
  if (context.inserting) return undefined;
  const positional = Object.values(operators).some((fields) =>
    Object.keys(fields as Doc).some((path) => /(^|\.)\$(\.|$)/.test(path)),
  );
  if (!positional) return undefined;
  return mingoCriteria(context.filter);
}

/**
 * mingo refuses every write to _id; the server allows `$set: { _id }` to the current value, or any value while
 * an upsert builds a document that has no _id yet. Other writes to _id are the server's ImmutableField error.
 */
function takeIdAssignment(operators: Doc, doc: Doc): unknown {
  let assigned: unknown;
  for (const [operator, fields] of Object.entries(operators)) {
    for (const [path, value] of Object.entries(fields as Doc)) {
      if (path !== '_id' && !path.startsWith('_id.')) continue;
      const settable = path === '_id' && operator === '$set';
      if (settable && (doc._id === undefined || valueKey(value) === valueKey(doc._id))) {
        assigned = value;
        const { _id: _removed, ...rest } = fields as Doc;
        operators[operator] = rest;
        continue;
      }
      throw commandError(
        'ImmutableField',
        `Performing an update on the path '${path}' would modify the immutable field '_id'`,
      );
    }
  }
  return assigned;
}

function runPipeline(doc: Doc, stages: Doc[], db: Database): Doc {
  for (const stage of stages) {
    const name = Object.keys(stage)[0];
    if (!pipelineStages.has(name))
      throw commandError('InvalidOptions', `${name} is not allowed to be used within an update`);
  }
  const [result] = new Aggregator(stages, mingoOptions(db)).run([cloneValue(doc)]);
  return result as Doc;
}

/** _id is immutable: keep the original (first, as the server stores it) and refuse any change to it. */
function withOriginalId(original: Doc, next: Doc): Doc {
  if (!('_id' in original)) return next;
  if ('_id' in next && valueKey(next._id) !== valueKey(original._id)) {
    throw commandError(
      'ImmutableField',
      `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${formatValue(next._id)}`,
    );
  }
  const { _id: _ignored, ...rest } = next;
  return { _id: original._id, ...rest };
}
