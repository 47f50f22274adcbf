import { CommandError } from '../errors/command-error';
import { ErrorCode } from '../errors/error-codes';
import type { Doc } from '../values/doc';
import { formatDocument } from '../values/format-value';

/**
 * The server's E11000, field for field: the driver raises it as MongoServerError code 11000 and Mongoose reads
 * keyPattern and keyValue from it to say which field was taken.
 */
export function duplicateKeyError(namespace: string, indexName: string, keyPattern: Doc, keyValue: Doc): CommandError {
  const [code, codeName] = ErrorCode.DuplicateKey;
  const message = `E11000 duplicate key error collection: ${namespace} index: ${indexName} dup key: ${formatDocument(keyValue)}`;
  return new CommandError(code, codeName, message, { keyPattern, keyValue });
}
