import { Transform } from 'class-transformer';

/** Surrounding whitespace is never meaningful in an address; a blank field is then caught as empty. */
export const Trimmed = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Country codes are compared and stored upper-case (`de` and `DE` are the same country). */
export const UpperCased = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

/** No control characters (newlines, tabs, NUL) in single-line fields that end up on a parcel label. */
export const SINGLE_LINE = /^[^\p{Cc}]*$/u;
