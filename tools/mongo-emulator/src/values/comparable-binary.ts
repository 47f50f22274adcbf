import { Binary, UUID } from 'bson';

/**
 * mingo compares non-plain objects by `toString()`. Binary's default is a lossy utf8 decode, so two different
 * byte strings could compare equal; base64 keeps equality exact. UUIDs already print their hex form.
 */
export class ComparableBinary extends Binary {
  override toString(encoding?: 'hex' | 'base64' | 'utf8' | 'utf-8'): string {
    return super.toString(encoding ?? 'base64');
  }
}

export function toComparableBinary(value: Binary): Binary {
  if (value instanceof ComparableBinary || value instanceof UUID) return value;
  return new ComparableBinary(value.buffer, value.sub_type);
}
