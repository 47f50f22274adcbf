import { update as mingoUpdate } from 'mingo';
import type { Options } from 'mingo/types';
import { commandError, unsupported } from '../errors/error-codes';
import { cloneValue } from '../values/clone';
import type { Doc } from '../values/doc';

const POSITIONAL = /^(.*?)\.\$(\.|$)/;
const MARKER = 'mongo-emulator-position-probe';

/**
 * The server resolves the positional `$` once, against the document before the update, so one update may
 * write several fields of the matched element (`{ $inc: { 'lines.$.quantity': 1 }, $set: { 'lines.$.name':
 * 'x' } }`). mingo reports two `$` paths into one array as a conflict, which the server does not. When an
 * update has more than one `$` path, this asks mingo once where `$` points (by writing a marker field into that
 * element of a copy; several `$` paths always have sub-paths, or they would conflict) and rewrites every `<array>.$` into that index; a single `$` path is left to mingo as it is.
 */
export function resolvePositionalPaths(doc: Doc, operators: Doc, condition: Doc, options: Partial<Options>): Doc {
  const prefixes = positionalPrefixes(operators);
  for (const prefix of new Set(prefixes)) assertOneArrayCondition(prefix, condition);
  if (prefixes.length < 2) return operators;
  const positions = new Map<string, number>();
  for (const prefix of new Set(prefixes)) {
    const probe = cloneValue(doc);
    mingoUpdate(probe, { $set: { [`${prefix}.$.${MARKER}`]: true } }, [], condition, { queryOptions: options });
    const array = prefix.split('.').reduce<unknown>((value, key) => (value as Doc | undefined)?.[key], probe);
    const index = Array.isArray(array) ? array.findIndex((element) => (element as Doc | null)?.[MARKER]) : -1;
    // No element found: leave the `$` paths to mingo, which reports the failure as it does for one path.
    if (index >= 0) positions.set(prefix, index);
  }
  return Object.fromEntries(
    Object.entries(operators).map(([operator, fields]) => [
      operator,
      Object.fromEntries(
        Object.entries(fields as Doc).map(([path, value]) => {
          const prefix = POSITIONAL.exec(path)?.[1];
          const index = prefix === undefined ? undefined : positions.get(prefix);
          return [index === undefined ? path : path.replace(`${prefix}.$`, `${prefix}.${index}`), value];
        }),
      ),
    ]),
  );
}

function positionalPrefixes(operators: Doc): string[] {
  return Object.values(operators).flatMap((fields) =>
    Object.keys(fields as Doc).flatMap((path) => POSITIONAL.exec(path)?.[1] ?? []),
  );
}

/**
 * mingo finds the `$` position from exactly one top-level filter clause on the array. None is the server's own
 * error; several separate clauses (`'lines.a': 1, 'lines.b': 2`) the server accepts with an ambiguous position,
 * and the emulator refuses instead of guessing (one `$elemMatch` says the same thing unambiguously).
 */
function assertOneArrayCondition(prefix: string, condition: Doc): void {
  const clauses = Object.keys(condition).filter((key) => key === prefix || key.startsWith(`${prefix}.`));
  if (clauses.length === 0)
    throw commandError('BadValue', 'The positional operator did not find the match needed from the query.');
  if (clauses.length > 1)
    throw unsupported(`positional $ with separate filter conditions on '${prefix}' (use one $elemMatch)`);
}
