import { Transform } from 'class-transformer';

/** Emails are compared trimmed and lower-cased everywhere (the unique index holds the normalized form). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Trims a string field before validation; leaves other types for the validators to reject. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Normalizes an email field before validation. */
export const NormalizeEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value));

/** Query strings carry text: "true"/"false" become booleans, anything else is left to fail validation. */
export const QueryBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
