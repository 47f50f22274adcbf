import type { CommandHandler } from '../protocol/command-context';
import { commandError } from '../errors/error-codes';
import { selectDocuments } from '../query/select-documents';
import { valuesAtPath } from '../values/paths';
import { valueKey } from '../values/value-key';
import { existingCollection, optionalNumber } from './command-args';

const count: CommandHandler = (context) => {
  const { docs } = selectDocuments(context.db, existingCollection(context), context.body.query);
  const skip = Math.max(0, optionalNumber(context.body, 'skip') ?? 0);
  const limit = Math.abs(optionalNumber(context.body, 'limit') ?? 0);
  const remaining = Math.max(0, docs.length - skip);
  return { n: limit ? Math.min(limit, remaining) : remaining, ok: 1 };
};

/** Distinct values of a field; array fields contribute their elements, as on the server. */
const distinct: CommandHandler = (context) => {
  const key = context.body.key;
  if (typeof key !== 'string' || key.length === 0)
    throw commandError('FailedToParse', "'key' must be a non-empty string");
  const { docs } = selectDocuments(context.db, existingCollection(context), context.body.query);
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key).values) {
      if (value !== undefined && !seen.has(valueKey(value))) seen.set(valueKey(value), value);
    }
  }
  return { values: [...seen.values()], ok: 1 };
};

export const countDistinctCommands: Record<string, CommandHandler> = { count, distinct };
