import { quantities } from './support/cart-client';
import { randomObjectId, startCartUnderTest, type CartUnderTest } from './support/cart-under-test';

let env: CartUnderTest;
const shopper = () => env.shopper();

beforeAll(async () => {
  env = await startCartUnderTest({ CART_MAX_LINES: '3', CART_MAX_QUANTITY_PER_LINE: '20' });
});
afterAll(() => env?.close());

describe('cart-service: a shopper fills a cart', () => {
  it('shows an empty cart to a shopper who never used one', async () => {
    const { sub, api } = shopper();
    const result = await api.view();
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      userId: sub,
      lines: [],
      subtotal: 0,
      currency: null,
      itemCount: 0,
      stale: false,
      updatedAt: null,
    });
  });

  it('adds products, prices them with current product data and totals in minor units', async () => {
    const mug = await env.upstreams.createProduct({ name: 'Mug', price: 1299, stock: 10 });
    const tea = await env.upstreams.createProduct({ name: 'Tea', price: 450, stock: 10 });
    const { sub, api } = shopper();
    const first = await api.add(mug, 2);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ userId: sub, subtotal: 2598, currency: 'EUR', itemCount: 2, stale: false });
    await api.add(tea, 1);
    const again = await api.add(mug, 1);
    expect(again.json.lines).toEqual([
      expect.objectContaining({
        productId: mug,
        name: 'Mug',
        unitPrice: 1299,
        currency: 'EUR',
        quantity: 3,
        lineTotal: 3897,
        available: true,
        sku: expect.any(String),
      }),
      expect.objectContaining({
        productId: tea,
        name: 'Tea',
        unitPrice: 450,
        quantity: 1,
        lineTotal: 450,
        available: true,
      }),
    ]);
    expect(again.json).toMatchObject({ subtotal: 4347, itemCount: 4 });

    await env.upstreams.updateProduct(mug, { name: 'Big mug', price: 1500 });
    const view = await api.view();
    expect(view.status).toBe(200);
    expect(view.json.lines).toEqual([
      expect.objectContaining({ name: 'Big mug', unitPrice: 1500, lineTotal: 4500 }),
      expect.objectContaining({ name: 'Tea', lineTotal: 450 }),
    ]);
    expect(view.json).toMatchObject({ subtotal: 4950, stale: false, updatedAt: expect.any(String) });
  });

  it('sets a line quantity, removes a line, and clears the cart idempotently', async () => {
    const mug = await env.upstreams.createProduct({ price: 100, stock: 10 });
    const tea = await env.upstreams.createProduct({ price: 200, stock: 10 });
    const { api } = shopper();
    await api.add(mug, 1);
    await api.add(tea, 1);

    const raised = await api.setQuantity(mug, 5);
    expect(raised.status).toBe(200);
    expect(quantities(raised)).toEqual({ [mug]: 5, [tea]: 1 });
    expect(quantities(await api.setQuantity(mug, 2))).toEqual({ [mug]: 2, [tea]: 1 });

    const removed = await api.remove(tea);
    expect(removed.status).toBe(200);
    expect(quantities(removed)).toEqual({ [mug]: 2 });
    expect(removed.json.subtotal).toBe(200);
    const removedAgain = await api.remove(tea);
    expect(removedAgain).toMatchObject({ status: 404, json: { code: 'CART_LINE_NOT_FOUND', productId: tea } });
    expect((await api.setQuantity(tea, 1)).json.code).toBe('CART_LINE_NOT_FOUND');

    const cleared = await api.clear();
    expect(cleared.status).toBe(204);
    expect(cleared.text).toBe('');
    expect((await api.clear()).status).toBe(204);
    expect((await api.view()).json).toMatchObject({ lines: [], subtotal: 0, itemCount: 0 });
    expect((await shopper().api.clear()).status).toBe(204); // a shopper without any cart
    expect((await api.add(mug, 1)).status).toBe(201); // the emptied cart is used again
  });
});

describe('cart-service: rules checked with product-service', () => {
  it('never lets a line hold more than the stock, answering 409 with the available quantity', async () => {
    const scarce = await env.upstreams.createProduct({ stock: 3 });
    const { api } = shopper();
    expect((await api.add(scarce, 2)).status).toBe(201);
    const refused = await api.add(scarce, 2);
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      productId: scarce,
      requested: 4,
      available: 3,
      inCart: 2,
    });
    expect((await api.setQuantity(scarce, 4)).json).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 3 });
    expect(quantities(await api.view())).toEqual({ [scarce]: 2 });
    expect((await api.add(scarce, 1)).status).toBe(201);
  });

  it('enforces CART_MAX_QUANTITY_PER_LINE and CART_MAX_LINES', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(() => env.upstreams.createProduct({ stock: 500 })));
    const { api } = shopper();
    expect((await api.add(ids[0], 21)).json).toMatchObject({
      code: 'CART_LINE_QUANTITY_LIMIT',
      maxQuantityPerLine: 20,
    });
    expect((await api.add(ids[0], 20)).status).toBe(201);
    expect((await api.add(ids[0], 1)).json).toMatchObject({ code: 'CART_LINE_QUANTITY_LIMIT', inCart: 20 });
    expect((await api.setQuantity(ids[0], 21)).status).toBe(409);
    await api.add(ids[1], 1);
    await api.add(ids[2], 1);
    const fourth = await api.add(ids[3], 1);
    expect(fourth).toMatchObject({ status: 409, json: { code: 'CART_LINES_LIMIT', maxLines: 3 } });
    expect(Object.keys(quantities(await api.view()))).toEqual(ids.slice(0, 3));
  });

  it('refuses unknown and inactive products, and flags a line whose product was withdrawn later', async () => {
    const { api } = shopper();
    const unknown = await api.add(randomObjectId(), 1);
    expect(unknown).toMatchObject({ status: 404, json: { code: 'PRODUCT_NOT_FOUND' } });
    const inactive = await env.upstreams.createProduct({ active: false });
    expect((await api.add(inactive, 1)).json).toMatchObject({ code: 'PRODUCT_UNAVAILABLE', productId: inactive });

    const withdrawn = await env.upstreams.createProduct({ name: 'Soon gone', price: 700 });
    await api.add(withdrawn, 1);
    await env.upstreams.updateProduct(withdrawn, { active: false });
    const view = await api.view();
    expect(view.json.lines).toEqual([
      expect.objectContaining({ productId: withdrawn, name: 'Soon gone', available: false }),
    ]);
    expect((await api.setQuantity(withdrawn, 2)).json.code).toBe('PRODUCT_UNAVAILABLE');
    expect((await api.remove(withdrawn)).status).toBe(200);
  });

  it('keeps a cart in one currency', async () => {
    const euro = await env.upstreams.createProduct({ currency: 'EUR' });
    const dollar = await env.upstreams.createProduct({ currency: 'USD' });
    const { api } = shopper();
    await api.add(euro, 1);
    expect((await api.add(dollar, 1)).json).toMatchObject({
      code: 'CURRENCY_MISMATCH',
      cartCurrency: 'EUR',
      productCurrency: 'USD',
    });
    await api.remove(euro);
    expect((await api.add(dollar, 1)).json).toMatchObject({ currency: 'USD', subtotal: 1000 });
  });
});
