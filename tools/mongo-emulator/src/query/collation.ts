import { unsupported } from '../errors/error-codes';
import { isPlainObject } from '../values/doc';

/** Collations other than the simple binary one change comparisons; they are refused rather than ignored. */
export function refuseCollation(collation: unknown): void {
  if (collation === undefined || collation === null) return;
  if (isPlainObject(collation) && collation.locale === 'simple') return;
  throw unsupported('collations (only the simple binary collation is implemented)');
}
