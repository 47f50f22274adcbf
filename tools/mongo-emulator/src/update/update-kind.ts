import { commandError } from '../errors/error-codes';
import { isPlainObject, type Doc } from '../values/doc';

export type UpdateSpec =
  | { kind: 'operators'; modifier: Doc }
  | { kind: 'replacement'; replacement: Doc }
  | { kind: 'pipeline'; stages: Doc[] };

/** Classifies the `u`/`update` field of a write the way the server does: operators, replacement or pipeline. */
export function readUpdateSpec(update: unknown): UpdateSpec {
  if (Array.isArray(update)) {
    if (!update.every(isPlainObject))
      throw commandError('FailedToParse', 'Each element of an update pipeline must be an object');
    return { kind: 'pipeline', stages: update };
  }
  if (!isPlainObject(update))
    throw commandError('FailedToParse', 'Update argument must be either an object or an array');
  const keys = Object.keys(update);
  if (keys.length > 0 && keys[0].startsWith('$')) {
    const plain = keys.find((key) => !key.startsWith('$'));
    if (plain) {
      throw commandError(
        'FailedToParse',
        `Unknown modifier: ${plain}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    return { kind: 'operators', modifier: update };
  }
  const dollar = keys.find((key) => key.startsWith('$'));
  if (dollar) {
    throw commandError(
      'DollarPrefixedFieldName',
      `The dollar ($) prefixed field '${dollar}' in '${dollar}' is not allowed in the context of an update's replacement document.`,
    );
  }
  return { kind: 'replacement', replacement: update };
}
