import { ApiParam } from '@nestjs/swagger';

/** An ObjectId as the documents state it: what `ParseObjectIdPipe` accepts (any case; it lower-cases). */
export const OBJECT_ID_SCHEMA = { type: 'string', pattern: '^[0-9a-fA-F]{24}$', minLength: 24, maxLength: 24 } as const;

/**
 * Documents a path parameter that `ParseObjectIdPipe` checks, so the bound a client reads in the contract is
 * the one the service enforces (a malformed id is a 400 before any query runs).
 */
export function ApiObjectIdParam(name: string, description: string, example: string): MethodDecorator {
  return ApiParam({ name, description, example, schema: { ...OBJECT_ID_SCHEMA } });
}
