/**
 * An amount in integer minor units as shoppers read it, e.g. 123456 EUR -> "€1,234.56", 500 JPY -> "¥500".
 * The decimal is built as a string and formatted as one, so no binary floating point touches the amount.
 */
export function formatMoney(minorUnits: number, currency: string, locale = 'en'): string {
  if (!Number.isSafeInteger(minorUnits)) throw new RangeError(`not an amount in minor units: ${minorUnits}`);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Set for every currency format; the type allows undefined for rounding modes a currency format never has.
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  const sign = minorUnits < 0 ? '-' : '';
  const units = String(Math.abs(minorUnits)).padStart(digits + 1, '0');
  const decimal = digits === 0 ? units : `${units.slice(0, -digits)}.${units.slice(-digits)}`;
  // A numeric string is formatted exactly (ECMA-402 "Intl.NumberFormat v3"); the type still says number.
  return format.format(`${sign}${decimal}` as unknown as number);
}
