import { Transform } from 'class-transformer';

/**
 * Input transforms every service applies the same way before validation. The policy: a transform only
 * normalises a value of the expected shape; anything else is passed through unchanged so the validators reject
 * it by name with a 400 (a transform never turns bad input into good input, and never throws).
 */

/** Surrounding whitespace is never meaningful in a text field; a blank value is then caught as empty. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Codes compared case-insensitively (country, currency, SKU) are stored upper-case, trimmed. */
export const UpperCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));

/** Values compared lower-case (categories, tags, hexadecimal ids) are stored lower-case, trimmed. */
export const LowerCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** Query strings are text: plain decimal digits become a number; anything else stays text so `IsInt` names it. */
export const QueryInteger = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value,
  );

/** `true`/`false` and `1`/`0` in a query string, in every service; anything else fails `IsBoolean`. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });

/** `a,b,c` (or the parameter repeated) in a query string becomes a list of trimmed, non-empty items. */
export const QueryList = (normalize: (item: string) => string = (item) => item): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    const parts = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(parts) || parts.some((part) => typeof part !== 'string')) return value;
    return (parts as string[])
      .flatMap((part) => part.split(','))
      .map((item) => normalize(item.trim()))
      .filter((item) => item !== '');
  });
