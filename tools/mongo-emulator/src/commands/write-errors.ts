import { CommandError } from '../errors/command-error';
import { ErrorCode, commandError } from '../errors/error-codes';
import type { Doc } from '../values/doc';

/**
 * Turns the failure of one write statement into its `writeErrors` entry. Refusals of unsupported features are
 * not per-statement failures: they abort the whole command with a top-level error.
 */
export function toWriteError(error: unknown, index: number): Doc {
  if (error instanceof CommandError) {
    if (error.code === ErrorCode.CommandNotSupported[0]) throw error;
    return error.toWriteError(index);
  }
  return commandError('BadValue', error instanceof Error ? error.message : String(error)).toWriteError(index);
}

/** Runs statements in order; an ordered batch stops at the first failure, an unordered one carries on. */
export function runStatements(
  statements: unknown[],
  ordered: boolean,
  run: (statement: unknown, index: number) => void,
): Doc[] {
  const writeErrors: Doc[] = [];
  for (let index = 0; index < statements.length; index++) {
    try {
      run(statements[index], index);
    } catch (error) {
      writeErrors.push(toWriteError(error, index));
      if (ordered) break;
    }
  }
  return writeErrors;
}
