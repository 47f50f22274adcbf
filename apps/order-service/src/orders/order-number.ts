import { randomInt } from 'node:crypto';

/** Crockford's base 32: no I, L, O or U, so a number read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A human-readable order number such as `ORD-250101-7KQ2M9XH`: the UTC date plus 40 random bits. Random
 * rather than sequential, so numbers reveal nothing about sales volume; the unique index catches the rare
 * collision and the caller draws again.
 */
export function newOrderNumber(now = new Date()): string {
  const date = now.toISOString().slice(2, 10).replace(/-/g, '');
  let suffix = '';
  for (let i = 0; i < 8; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `ORD-${date}-${suffix}`;
}
