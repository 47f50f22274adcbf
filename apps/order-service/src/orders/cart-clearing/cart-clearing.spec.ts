import { Types } from 'mongoose';
import { cartHoldsExactly } from './cart-match';
import { tokenExpiresAt } from './token-expiry';

describe('cartHoldsExactly', () => {
  const a = new Types.ObjectId();
  const b = new Types.ObjectId();
  const ordered = [
    { productId: a, quantity: 2 },
    { productId: b, quantity: 1 },
  ];

  it('matches the same products and quantities in any order', () => {
    expect(
      cartHoldsExactly(
        [
          { productId: b.toHexString(), quantity: 1 },
          { productId: a.toHexString().toUpperCase(), quantity: 2 },
        ],
        ordered,
      ),
    ).toBe(true);
  });

  it('does not match a cart the shopper changed after ordering', () => {
    expect(cartHoldsExactly([{ productId: a.toHexString(), quantity: 2 }], ordered)).toBe(false);
    expect(
      cartHoldsExactly(
        [
          { productId: a.toHexString(), quantity: 3 },
          { productId: b.toHexString(), quantity: 1 },
        ],
        ordered,
      ),
    ).toBe(false);
  });
});

describe('tokenExpiresAt', () => {
  const token = (claims: object) => `Bearer h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

  it('reads exp, capped at five minutes from now', () => {
    const now = 1_000_000_000_000;
    expect(tokenExpiresAt(token({ exp: now / 1000 + 60 }), now)).toBe(now + 60_000);
    expect(tokenExpiresAt(token({ exp: now / 1000 + 3600 }), now)).toBe(now + 300_000);
  });

  it('falls back to five minutes for tokens without a readable exp', () => {
    expect(tokenExpiresAt(token({}), 0)).toBe(300_000);
    expect(tokenExpiresAt('Bearer garbage', 0)).toBe(300_000);
  });
});
