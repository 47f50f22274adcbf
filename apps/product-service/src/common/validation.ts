import { Transform } from 'class-transformer';
import { ValidateIf } from 'class-validator';

/**
 * Optional, but never null: `IsOptional` would let `null` through to the database, so an absent field is
 * skipped and anything else, null included, is validated.
 */
export const Optional = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Query strings are text: digits become a number, anything else stays text so `IsInt` rejects it by name. */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value));

/** `true`/`false` (and 1/0) in a query string; anything else stays as given and fails `IsBoolean`. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });

/** `a,b,c` (or the parameter repeated) in a query string becomes a list of trimmed, non-empty items. */
export const QueryList = (normalize: (item: string) => string = (item) => item): PropertyDecorator =>
  Transform(({ value }) => {
    const parts = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(parts) || parts.some((part) => typeof part !== 'string')) return value;
    return (parts as string[])
      .flatMap((part) => part.split(','))
      .map((item) => normalize(item.trim()))
      .filter((item) => item !== '');
  });

/** Trims text fields; non-strings are left for the type validators to reject. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
