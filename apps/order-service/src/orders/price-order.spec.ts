import { priceOrder } from './price-order';

const reservation = (lines: { productId: string; unitPrice: number; quantity: number; currency?: string }[]) => ({
  reservationId: 'r1',
  lines: lines.map((line) => ({
    sku: `SKU-${line.productId}`,
    name: `Name ${line.productId}`,
    currency: 'EUR',
    ...line,
  })),
});

describe('priceOrder', () => {
  it('takes prices from the reservation, in cart order, with integer totals', () => {
    const priced = priceOrder(
      reservation([
        { productId: 'b', unitPrice: 999, quantity: 3 },
        { productId: 'a', unitPrice: 1250, quantity: 1 },
      ]),
      [
        { productId: 'a', quantity: 1, name: 'client says free' },
        { productId: 'b', quantity: 3 },
      ],
    );
    expect(priced).toEqual({
      lines: [
        { productId: 'a', sku: 'SKU-a', name: 'Name a', unitPrice: 1250, quantity: 1, lineTotal: 1250 },
        { productId: 'b', sku: 'SKU-b', name: 'Name b', unitPrice: 999, quantity: 3, lineTotal: 2997 },
      ],
      subtotal: 4247,
      total: 4247,
      currency: 'EUR',
    });
  });

  it('refuses a reservation that does not match the cart', () => {
    const reserved = reservation([{ productId: 'a', unitPrice: 100, quantity: 2 }]);
    expect(() => priceOrder(reserved, [{ productId: 'a', quantity: 1 }])).toThrow(/other than the cart/);
    expect(() => priceOrder(reserved, [{ productId: 'b', quantity: 2 }])).toThrow(/other than the cart/);
  });

  it('refuses lines in different currencies with MIXED_CURRENCIES', () => {
    const reserved = reservation([
      { productId: 'a', unitPrice: 100, quantity: 1 },
      { productId: 'b', unitPrice: 100, quantity: 1, currency: 'USD' },
    ]);
    expect(() =>
      priceOrder(reserved, [
        { productId: 'a', quantity: 1 },
        { productId: 'b', quantity: 1 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'MIXED_CURRENCIES', status: 409 }));
  });
});
