import { canonicalJson, readIdempotencyKey, requestHash } from './idempotency-key';
import { newOrderNumber } from './order-number';

describe('Idempotency-Key header', () => {
  it('accepts UUIDs and similar keys, trimmed', () => {
    expect(readIdempotencyKey(' 3f0c3f4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f ')).toBe('3f0c3f4e-8a7b-4c1d-9e2f-0a1b2c3d4e5f');
    expect(readIdempotencyKey('order:2025.01_a')).toBe('order:2025.01_a');
  });

  it.each([
    [undefined, 'IDEMPOTENCY_KEY_MISSING'],
    ['   ', 'IDEMPOTENCY_KEY_MISSING'],
    ['short', 'IDEMPOTENCY_KEY_INVALID'],
    ['x'.repeat(129), 'IDEMPOTENCY_KEY_INVALID'],
    ['has space inside', 'IDEMPOTENCY_KEY_INVALID'],
    ['<script>alert(1)</script>', 'IDEMPOTENCY_KEY_INVALID'],
    [['aaaaaaaa', 'bbbbbbbb'], 'IDEMPOTENCY_KEY_INVALID'],
  ])('refuses %p with %s', (header, code) => {
    expect(() => readIdempotencyKey(header)).toThrow(expect.objectContaining({ code, status: 400 }));
  });
});

describe('request hash', () => {
  it('is the same for the same body whatever the key order, and differs for another body', () => {
    const a = { shippingAddress: { name: 'Ada', city: 'London', country: 'GB' } };
    const b = { shippingAddress: { country: 'GB', city: 'London', name: 'Ada', line2: undefined } };
    expect(canonicalJson(b)).toBe('{"shippingAddress":{"city":"London","country":"GB","name":"Ada"}}');
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).not.toBe(requestHash({ shippingAddress: { ...a.shippingAddress, city: 'Paris' } }));
    expect(requestHash([1, 'x', null])).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('order number', () => {
  it('is ORD-<yymmdd>-<8 unambiguous characters> and random', () => {
    const numbers = new Set(Array.from({ length: 200 }, () => newOrderNumber(new Date('2025-03-04T10:00:00Z'))));
    expect(numbers.size).toBe(200);
    for (const number of numbers) expect(number).toMatch(/^ORD-250304-[0-9A-HJKMNP-TV-Z]{8}$/);
  });
});
