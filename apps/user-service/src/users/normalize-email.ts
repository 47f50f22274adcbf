import { Transform } from 'class-transformer';

/** Emails are compared trimmed and lower-cased everywhere (the unique index holds the normalized form). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Normalizes an email field before validation; leaves other types for the validators to reject. */
export const NormalizeEmail = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeEmail(value) : value));
