import { Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { ValidationFailedError } from '@app/errors';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** Route ids must be 24-hex ObjectIds: anything else is a 400 before any query runs. */
@Injectable()
export class ParseObjectIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && OBJECT_ID.test(value)) return value.toLowerCase();
    const field = metadata.data ?? 'id';
    throw new ValidationFailedError(
      [{ field, messages: [`${field} must be a 24-character hexadecimal id`] }],
      `${field} is malformed.`,
    );
  }
}
