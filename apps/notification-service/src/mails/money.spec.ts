import { formatMoney } from './money';

describe('formatMoney', () => {
  it('reads integer minor units in the currency’s own decimals', () => {
    expect(formatMoney(123456, 'EUR')).toBe('€1,234.56');
    expect(formatMoney(5, 'USD')).toBe('$0.05');
    expect(formatMoney(0, 'GBP')).toBe('£0.00');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    // ICU puts a no-break space after a currency code.
    expect(formatMoney(1234, 'KWD')).toBe('KWD\u00a01.234');
  });

  it('formats the largest safe amounts exactly (no floating point on the way)', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('€90,071,992,547,409.91');
    expect(formatMoney(-1999, 'EUR')).toBe('-€19.99');
  });

  it('refuses what is not an amount in minor units', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, 'EUR')).toThrow(RangeError);
  });
});
