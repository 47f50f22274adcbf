import { ValidateIf } from 'class-validator';

/**
 * Optional, but never null. `IsOptional` also skips validation for `null`, which would then reach the
 * database (and `$set` a field to null that the schema says is a string). Here only an absent field is
 * skipped; `null` is validated like any other value and fails the field's type check with a 400.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
