import { CommandError } from './command-error';

// Codes and names as the real server reports them (src/mongo/base/error_codes.yml), so clients that branch on
// them behave the same against the emulator.
export const ErrorCode = {
  InternalError: [1, 'InternalError'],
  BadValue: [2, 'BadValue'],
  FailedToParse: [9, 'FailedToParse'],
  TypeMismatch: [14, 'TypeMismatch'],
  IllegalOperation: [20, 'IllegalOperation'],
  NamespaceNotFound: [26, 'NamespaceNotFound'],
  IndexNotFound: [27, 'IndexNotFound'],
  PathNotViable: [28, 'PathNotViable'],
  ConflictingUpdateOperators: [40, 'ConflictingUpdateOperators'],
  CursorNotFound: [43, 'CursorNotFound'],
  NamespaceExists: [48, 'NamespaceExists'],
  DollarPrefixedFieldName: [52, 'DollarPrefixedFieldName'],
  CommandNotFound: [59, 'CommandNotFound'],
  ImmutableField: [66, 'ImmutableField'],
  InvalidOptions: [72, 'InvalidOptions'],
  InvalidNamespace: [73, 'InvalidNamespace'],
  IndexOptionsConflict: [85, 'IndexOptionsConflict'],
  IndexKeySpecsConflict: [86, 'IndexKeySpecsConflict'],
  CommandNotSupported: [115, 'CommandNotSupported'],
  CannotIndexParallelArrays: [171, 'CannotIndexParallelArrays'],
  InvalidIndexSpecificationOption: [197, 'InvalidIndexSpecificationOption'],
  CannotCreateIndex: [67, 'CannotCreateIndex'],
  Unauthorized: [13, 'Unauthorized'],
  DuplicateKey: [11000, 'DuplicateKey'],
} as const;

export type ErrorCodeName = keyof typeof ErrorCode;

export function commandError(name: ErrorCodeName, message: string, extra?: Record<string, unknown>): CommandError {
  const [code, codeName] = ErrorCode[name];
  return new CommandError(code, codeName, message, extra);
}

/** The one way the emulator says "not implemented": a clear error naming the feature, never a silent guess. */
export function unsupported(feature: string): CommandError {
  return commandError('CommandNotSupported', `mongo-emulator does not support ${feature}`);
}
