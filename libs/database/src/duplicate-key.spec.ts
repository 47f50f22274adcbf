import { isDuplicateKeyError } from './duplicate-key';

describe('isDuplicateKeyError', () => {
  it('recognises E11000 by code, whatever the error class', () => {
    expect(isDuplicateKeyError({ code: 11000 })).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(true);
  });

  it('is false for other errors and for non-errors', () => {
    expect(isDuplicateKeyError({ code: 112 })).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000 in a message only'))).toBe(false);
    expect(isDuplicateKeyError(undefined)).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it('tells which unique index was hit from keyPattern, keyValue, or the message', () => {
    const onKey = { code: 11000, keyPattern: { userId: 1, idempotencyKey: 1 } };
    expect(isDuplicateKeyError(onKey, 'idempotencyKey')).toBe(true);
    expect(isDuplicateKeyError(onKey, 'number')).toBe(false);
    expect(isDuplicateKeyError({ code: 11000, keyValue: { sku: 'A-1' } }, 'sku')).toBe(true);
    const messageOnly = { code: 11000, message: 'E11000 duplicate key error index: number_1 dup key' };
    expect(isDuplicateKeyError(messageOnly, 'number')).toBe(true);
    expect(isDuplicateKeyError(messageOnly, 'idempotencyKey')).toBe(false);
  });
});
