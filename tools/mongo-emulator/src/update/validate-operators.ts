import { commandError, unsupported } from '../errors/error-codes';
import { isPlainObject, type Doc } from '../values/doc';
import { formatValue } from '../values/format-value';

const knownOperators = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$rename',
  '$push',
  '$addToSet',
  '$pull',
  '$pullAll',
  '$pop',
  '$currentDate',
  '$bit',
  '$setOnInsert',
]);
// Operators that create the path they name (and so fail when a scalar sits in the way).
const creating = new Set([
  '$set',
  '$setOnInsert',
  '$inc',
  '$mul',
  '$min',
  '$max',
  '$push',
  '$addToSet',
  '$currentDate',
  '$bit',
]);
const numeric = new Set(['$inc', '$mul']);
const arrayTargets = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/**
 * mingo silently skips some updates the server rejects ($inc on a string, $push on a scalar, a path through a
 * scalar). Those are checked here first and raise the server's errors instead.
 */
export function validateOperators(modifier: Doc, doc: Doc): void {
  for (const [operator, fields] of Object.entries(modifier)) {
    if (!knownOperators.has(operator)) {
      throw commandError(
        'FailedToParse',
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw commandError(
        'FailedToParse',
        `Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatValue(fields)}}`,
      );
    }
    for (const [path, argument] of Object.entries(fields)) {
      if (/(^|\.)\$/.test(path)) continue; // positional paths are resolved by mingo against the filter
      validatePath(operator, path, argument, doc);
    }
  }
}

function validatePath(operator: string, path: string, argument: unknown, doc: Doc): void {
  if (operator === '$currentDate' && isPlainObject(argument) && argument.$type === 'timestamp') {
    throw unsupported('$currentDate with $type: "timestamp" (BSON Timestamp values)');
  }
  if (numeric.has(operator) && typeof argument !== 'number') {
    throw commandError(
      'TypeMismatch',
      `Cannot ${operator === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(argument)}}`,
    );
  }
  const parts = path.split('.');
  let current: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    if (current === undefined) return;
    if (isPlainObject(current)) {
      current = current[parts[i]];
    } else if (Array.isArray(current) && /^\d+$/.test(parts[i])) {
      current = current[Number(parts[i])];
    } else {
      if (creating.has(operator)) {
        throw commandError(
          'PathNotViable',
          `Cannot create field '${parts[i]}' in element {${parts[i - 1]}: ${formatValue(current)}}`,
        );
      }
      return;
    }
    if (last) checkTarget(operator, path, current, doc);
  }
}

function checkTarget(operator: string, path: string, value: unknown, doc: Doc): void {
  if (value === undefined) return;
  if (numeric.has(operator) && typeof value !== 'number') {
    throw commandError(
      'TypeMismatch',
      `Cannot apply ${operator} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${path}' of non-numeric type ${typeName(value)}`,
    );
  }
  if (arrayTargets.has(operator) && !Array.isArray(value)) {
    if (operator === '$push' || operator === '$addToSet') {
      throw commandError(
        'BadValue',
        `The field '${path}' must be an array but is of type ${typeName(value)} in document {_id: ${formatValue(doc._id)}}`,
      );
    }
    throw commandError('BadValue', `Cannot apply ${operator} to a non-array value`);
  }
}

/** BSON type names as the server prints them in error messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'double';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'string';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (isPlainObject(value)) return 'object';
  return (value as { _bsontype?: string })._bsontype?.toLowerCase() ?? typeof value;
}
