import { commandError } from '../errors/error-codes';
import { isPlainObject, type Doc } from '../values/doc';

/**
 * The server's rule for one update: no path may equal another or lie inside another (`a` and `a.b`), across
 * all operators including `$setOnInsert`; otherwise error 40 ConflictingUpdateOperators. Checked here rather
 * than left to mingo, which also calls two `$` paths into one array (`lines.$.a`, `lines.$.b`) a conflict,
 * and the server does not.
 */
export function assertNoConflictingPaths(modifier: Doc): void {
  const seen: string[][] = [];
  for (const fields of Object.values(modifier)) {
    // An operator whose argument is not a document is reported by validateOperators.
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      const parts = path.split('.');
      const clash = seen.find((other) => isPrefix(other, parts) || isPrefix(parts, other));
      if (clash) {
        const [inner, outer] = clash.length <= parts.length ? [path, clash.join('.')] : [clash.join('.'), path];
        throw commandError(
          'ConflictingUpdateOperators',
          `Updating the path '${inner}' would create a conflict at '${outer}'`,
        );
      }
      seen.push(parts);
    }
  }
}

function isPrefix(prefix: string[], parts: string[]): boolean {
  return prefix.length <= parts.length && prefix.every((part, index) => part === parts[index]);
}
