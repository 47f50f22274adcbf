import { commandError } from '../errors/error-codes';
import type { CommandContext } from '../protocol/command-context';
import type { Collection } from '../storage/collection';
import { isPlainObject, type Doc } from '../values/doc';

/** The collection a command names in its first field (`{ find: 'users' }`). */
export function collectionName(context: CommandContext): string {
  const [command, name] = Object.entries(context.body)[0];
  if (typeof name !== 'string' || name.length === 0) {
    throw commandError('InvalidNamespace', `collection name has invalid type ${typeof name} for command ${command}`);
  }
  return name;
}

export function existingCollection(context: CommandContext): Collection | undefined {
  return context.db.get(collectionName(context));
}

export function namespaceOf(context: CommandContext, name = collectionName(context)): string {
  return `${context.db.name}.${name}`;
}

export function optionalNumber(body: Doc, field: string): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw commandError('TypeMismatch', `Field '${field}' must be numeric`);
  }
  return value;
}

export function optionalDoc(body: Doc, field: string): Doc | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw commandError('TypeMismatch', `Field '${field}' must be an object`);
  return value;
}

export function requiredArray(body: Doc, field: string): unknown[] {
  const value = body[field];
  if (!Array.isArray(value))
    throw commandError('FailedToParse', `BSON field '${field}' is missing but a required field`);
  return value;
}
