import { Binary, Long } from 'bson';
import { unsupported } from '../errors/error-codes';
import { toComparableBinary } from './comparable-binary';
import { isPlainObject } from './doc';

/**
 * Values arrive deserialized with promoted numbers: int32, double and int64 within +-2^53 all become JS numbers,
 * so mingo compares and sorts them correctly across types. Types whose order or equality mingo would get wrong
 * are refused here, before any command runs.
 */
const refusedTypes: Record<string, string> = {
  Decimal128: 'Decimal128 values (store money as integer minor units or doubles)',
  Timestamp: 'BSON Timestamp values',
  MinKey: 'MinKey values',
  MaxKey: 'MaxKey values',
  Code: 'JavaScript code values',
  BSONSymbol: 'BSON symbol values',
  DBRef: 'DBRef values',
  DBPointer: 'DBPointer values',
  BSONRegExp: 'BSON regular expressions with flags JavaScript lacks',
};

export function normalizeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = normalizeValue(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = normalizeValue(value[key]);
    return value;
  }
  // Checked before Long: bson's Timestamp is a Long subclass.
  const bsonType = (value as { _bsontype?: string })._bsontype;
  if (bsonType && Object.hasOwn(refusedTypes, bsonType)) throw unsupported(refusedTypes[bsonType]);
  if (value instanceof Long) {
    // promoteLongs only leaves a Long when it does not fit a double exactly.
    throw unsupported('64-bit integers outside +-2^53 (they would lose precision)');
  }
  if (value instanceof Binary) return toComparableBinary(value);
  return value;
}
