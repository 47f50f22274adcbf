import { Types } from 'mongoose';
import { type CatalogProduct, ProductLookup } from '../catalog/catalog-product';
import { buildCartView, outdatedSnapshots } from './cart.view';
import { type StoredCart } from './schemas/cart.schema';

const MUG = '65f0c0ffee0000000000000a';
const TEA = '65f0c0ffee0000000000000b';

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

const stored: StoredCart = {
  userId: 'u1',
  expiresAt: new Date(),
  updatedAt: new Date('2025-01-02T03:04:05.000Z'),
  lines: [
    { productId: new Types.ObjectId(MUG), quantity: 2 },
    { productId: new Types.ObjectId(TEA), quantity: 3 },
  ],
  snapshots: {
    [MUG]: { sku: 'MUG', name: 'Old mug', unitPrice: 1000, currency: 'EUR' },
    [TEA]: { sku: 'TEA', name: 'Tea', unitPrice: 450, currency: 'EUR' },
  },
};

describe('buildCartView', () => {
  it('prices every line with current product data and sums in minor units', () => {
    const lookup = new ProductLookup(new Set([MUG, TEA]), [
      product(),
      product({ id: TEA, sku: 'TEA', name: 'Tea', price: 450 }),
    ]);
    expect(buildCartView('u1', stored, lookup, false)).toEqual({
      userId: 'u1',
      lines: [
        {
          productId: MUG,
          sku: 'MUG',
          name: 'Mug',
          unitPrice: 1299,
          currency: 'EUR',
          quantity: 2,
          lineTotal: 2598,
          available: true,
        },
        {
          productId: TEA,
          sku: 'TEA',
          name: 'Tea',
          unitPrice: 450,
          currency: 'EUR',
          quantity: 3,
          lineTotal: 1350,
          available: true,
        },
      ],
      subtotal: 3948,
      currency: 'EUR',
      itemCount: 5,
      stale: false,
      updatedAt: '2025-01-02T03:04:05.000Z',
    });
  });

  it('shows the last known data, not available, when product-service could not answer', () => {
    const view = buildCartView('u1', stored, ProductLookup.empty(), true);
    expect(view).toMatchObject({ stale: true, subtotal: 2 * 1000 + 3 * 450, currency: 'EUR' });
    expect(view.lines.map((line) => [line.name, line.available])).toEqual([
      ['Old mug', false],
      ['Tea', false],
    ]);
  });

  it('marks lines unavailable that vanished, were deactivated or lack stock for their quantity', () => {
    const lookup = new ProductLookup(new Set([MUG, TEA]), [product({ stock: 1 })]);
    const view = buildCartView('u1', stored, lookup, false);
    expect(view.lines.map((line) => [line.name, line.available])).toEqual([
      ['Mug', false],
      ['Tea', false],
    ]);
    const inactive = new ProductLookup(new Set([MUG]), [product({ active: false })]);
    expect(buildCartView('u1', stored, inactive, false).lines[0].available).toBe(false);
  });

  it('never sums a line priced in another currency than the cart', () => {
    const lookup = new ProductLookup(new Set([MUG, TEA]), [
      product(),
      product({ id: TEA, price: 100, currency: 'USD' }),
    ]);
    const view = buildCartView('u1', stored, lookup, false);
    expect(view.subtotal).toBe(2598);
    expect(view.lines[1]).toMatchObject({ currency: 'USD', lineTotal: 300, available: false });
  });

  it('describes a cart that was never stored as empty', () => {
    expect(buildCartView('u9', null, ProductLookup.empty(), false)).toEqual({
      userId: 'u9',
      lines: [],
      subtotal: 0,
      currency: null,
      itemCount: 0,
      stale: false,
      updatedAt: null,
    });
  });
});

describe('outdatedSnapshots', () => {
  it('lists only the products whose current data differs from the stored snapshot', () => {
    const lookup = new ProductLookup(new Set([MUG, TEA]), [
      product(),
      product({ id: TEA, sku: 'TEA', name: 'Tea', price: 450 }),
    ]);
    expect(outdatedSnapshots(stored, lookup)).toEqual({
      [MUG]: { sku: 'MUG', name: 'Mug', unitPrice: 1299, currency: 'EUR' },
    });
  });
});
