import { Types } from 'mongoose';
import { type CatalogProduct, ProductLookup } from '../catalog/catalog-product';
import { addRefusal, lineCeiling, linesCoveredBy, quantityRefusal, requireSellable } from './cart-rules';
import { type StoredCart } from './schemas/cart.schema';

const MUG = '65f0c0ffee0000000000000a';
const TEA = '65f0c0ffee0000000000000b';
const limits = { maxLines: 2, maxQuantityPerLine: 5 };

const product = (overrides: Partial<CatalogProduct> = {}): CatalogProduct => ({
  id: MUG,
  sku: 'MUG',
  name: 'Mug',
  price: 1299,
  currency: 'EUR',
  stock: 10,
  active: true,
  ...overrides,
});

const cart = (lines: Array<[string, number]>, currency = 'EUR'): StoredCart => ({
  userId: 'u1',
  currency,
  expiresAt: new Date(),
  lines: lines.map(([productId, quantity]) => ({ productId: new Types.ObjectId(productId), quantity })),
});

describe('cart rules', () => {
  it('accepts only products that exist and are for sale', () => {
    const lookup = new ProductLookup(new Set([MUG, TEA]), [product(), product({ id: TEA, active: false })]);
    expect(requireSellable(MUG, lookup).name).toBe('Mug');
    expect(() => requireSellable(TEA, lookup)).toThrow(expect.objectContaining({ code: 'PRODUCT_UNAVAILABLE' }));
    expect(() => requireSellable('65f0c0ffee0000000000000c', lookup)).toThrow(
      expect.objectContaining({ status: 404, code: 'PRODUCT_NOT_FOUND' }),
    );
  });

  it('caps a line at the tighter of stock and the per-line limit, and names that bound when refusing', () => {
    expect(lineCeiling(product({ stock: 3 }), limits)).toBe(3);
    expect(lineCeiling(product({ stock: 30 }), limits)).toBe(5);
    expect(quantityRefusal(product({ stock: 3 }), 3, 0, limits)).toBeUndefined();
    expect(quantityRefusal(product({ stock: 3 }), 4, 1, limits)).toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_STOCK',
      extensions: { productId: MUG, requested: 4, available: 3, inCart: 1 },
    });
    expect(quantityRefusal(product({ stock: 30 }), 6, 0, limits)).toMatchObject({
      code: 'CART_LINE_QUANTITY_LIMIT',
      extensions: { maxQuantityPerLine: 5, requested: 6 },
    });
  });

  it('counts what is already in the cart against stock when adding', () => {
    expect(addRefusal(cart([[MUG, 2]]), product({ stock: 3 }), 1, limits)).toBeUndefined();
    expect(addRefusal(cart([[MUG, 2]]), product({ stock: 3 }), 2, limits)).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      extensions: { requested: 4, available: 3, inCart: 2 },
    });
  });

  it('refuses a new line beyond the line limit, but still lets an existing line grow', () => {
    const full = cart([
      [TEA, 1],
      ['65f0c0ffee0000000000000c', 1],
    ]);
    expect(addRefusal(full, product(), 1, limits)).toMatchObject({
      code: 'CART_LINES_LIMIT',
      extensions: { maxLines: 2 },
    });
    expect(addRefusal(full, product({ id: TEA }), 1, limits)).toBeUndefined();
  });

  it('keeps a cart in one currency, and lets an empty cart take any', () => {
    expect(addRefusal(cart([[TEA, 1]], 'USD'), product(), 1, limits)).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      extensions: { productCurrency: 'EUR', cartCurrency: 'USD' },
    });
    expect(addRefusal(cart([], 'USD'), product(), 1, limits)).toBeUndefined();
    expect(addRefusal(null, product(), 1, limits)).toBeUndefined();
  });

  it('covers the lines of ordered products holding no more than was ordered, with the ordered bound', () => {
    const LAMP = '65f0c0ffee0000000000000c';
    const current = cart([
      [MUG, 2],
      [TEA, 4],
      [LAMP, 1],
    ]);
    const ordered = [
      { productId: MUG, quantity: 3 },
      { productId: TEA, quantity: 2 },
    ];
    expect(linesCoveredBy(current, ordered)).toEqual([{ productId: MUG, quantity: 3 }]);
    expect(linesCoveredBy(null, ordered)).toEqual([]);
  });
});
