import { randomUUID } from 'node:crypto';
import { http } from '../../../test/support/http';
import { type Shop, startShop } from './support/shop';
import {
  ADDRESS,
  addToCart,
  cartLines,
  createProduct,
  holdingReservations,
  newShopper,
  ordersCollection,
  payOrder,
  placeOrder,
  placePaidOrder,
  stockOf,
} from './support/shopping';

describe('order-service: placing an order (real user, product and cart services)', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => shop.close());

  it('stores the order with product-service prices as PENDING_PAYMENT, holds the stock, empties the cart; paying confirms it', async () => {
    const mug = await createProduct(shop, 5, 1250, 'Enamel mug');
    const tea = await createProduct(shop, 3, 499, 'Green tea');
    const shopper = newShopper();
    await addToCart(shop, shopper.token, mug, 2);
    await addToCart(shop, shopper.token, tea, 1);

    const placed = await placeOrder(shop, shopper.token);

    expect(placed.status).toBe(201);
    expect(placed.headers.get('location')).toBe(`/api/v1/orders/${placed.json.id as string}`);
    expect(placed.json).toMatchObject({
      number: expect.stringMatching(/^ORD-\d{6}-[0-9A-Z]{8}$/),
      userId: shopper.id,
      status: 'PENDING_PAYMENT',
      lines: [
        { productId: mug, sku: expect.any(String), name: 'Enamel mug', unitPrice: 1250, quantity: 2, lineTotal: 2500 },
        { productId: tea, sku: expect.any(String), name: 'Green tea', unitPrice: 499, quantity: 1, lineTotal: 499 },
      ],
      subtotal: 2999,
      total: 2999,
      currency: 'EUR',
      shippingAddress: ADDRESS,
      cartCleared: true,
      statusHistory: [{ status: 'PENDING_PAYMENT', by: shopper.id, at: expect.any(String) }],
      payment: {
        status: 'pending',
        provider: 'sandbox',
        amount: 2999,
        currency: 'EUR',
        refundedAmount: 0,
        deadline: expect.any(String),
      },
    });
    // The stock is taken, but only held (reserved) until the order is paid.
    expect(await stockOf(shop, mug)).toBe(3);
    expect(await stockOf(shop, tea)).toBe(2);
    expect(await holdingReservations(shop)).toBe(1);
    expect(await cartLines(shop, shopper.token)).toEqual([]);

    const paid = await payOrder(shop, shopper.token, placed.json.id as string);

    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({
      status: 'succeeded',
      order: {
        id: placed.json.id,
        status: 'CONFIRMED',
        statusHistory: [
          { status: 'PENDING_PAYMENT', by: shopper.id, at: expect.any(String) },
          { status: 'CONFIRMED', by: 'order-service', reason: 'PAYMENT_SUCCEEDED', at: expect.any(String) },
        ],
        payment: { status: 'succeeded', provider: 'sandbox', amount: 2999, currency: 'EUR', refundedAmount: 0 },
      },
    });
    expect(await stockOf(shop, mug)).toBe(3);
    expect(await stockOf(shop, tea)).toBe(2);
    expect(await holdingReservations(shop)).toBe(0);
    const read = await http(shop.order.baseUrl, `/api/v1/orders/${placed.json.id as string}`, { token: shopper.token });
    expect(read.json).toEqual(paid.json.order);
  });

  it('empties the cart after a successful order (regression: "cart not clearing after order creation")', async () => {
    const product = await createProduct(shop, 10);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 2);
    expect(await cartLines(shop, shopper.token)).toHaveLength(1);
    expect((await placeOrder(shop, shopper.token)).status).toBe(201);
    expect(await cartLines(shop, shopper.token)).toEqual([]);
    // ...so the next order attempt finds nothing to order twice.
    const again = await placeOrder(shop, shopper.token);
    expect(again.status).toBe(422);
    expect(again.json.code).toBe('CART_EMPTY');
  });

  it('answers an empty cart with 422 CART_EMPTY and stores nothing', async () => {
    const shopper = newShopper();
    const result = await placeOrder(shop, shopper.token);
    expect(result.status).toBe(422);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.json).toMatchObject({ code: 'CART_EMPTY', detail: expect.stringContaining('empty') });
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(0);
  });

  it('answers 409 INSUFFICIENT_STOCK naming the short lines, reserves nothing and leaves the cart as it was', async () => {
    const plenty = await createProduct(shop, 10, 100, 'Plenty');
    const scarce = await createProduct(shop, 3, 100, 'Scarce');
    const shopper = newShopper();
    const rival = newShopper();
    await addToCart(shop, shopper.token, plenty, 1);
    await addToCart(shop, shopper.token, scarce, 3);
    await addToCart(shop, rival.token, scarce, 2);
    // Paid, so its reservation is confirmed and no longer holding: only 1 left now.
    await placePaidOrder(shop, rival.token);
    // Earlier tests' unpaid orders still hold theirs: the refused placement must add none.
    const held = await holdingReservations(shop);

    const result = await placeOrder(shop, shopper.token);

    expect(result.status).toBe(409);
    expect(result.json).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      detail: expect.stringContaining('Scarce'),
      lines: [{ productId: scarce, name: 'Scarce', requested: 3, available: 1 }],
    });
    expect(await stockOf(shop, plenty)).toBe(10);
    expect(await stockOf(shop, scarce)).toBe(1);
    expect(await holdingReservations(shop)).toBe(held);
    expect(await cartLines(shop, shopper.token)).toEqual([
      expect.objectContaining({ productId: plenty, quantity: 1 }),
      expect.objectContaining({ productId: scarce, quantity: 3 }),
    ]);
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(0);
  });

  describe('Idempotency-Key', () => {
    it('returns the same order for the same key and body, marked as a replay, without ordering again', async () => {
      const product = await createProduct(shop, 10);
      const shopper = newShopper();
      await addToCart(shop, shopper.token, product, 1);
      const key = randomUUID();
      const first = await placeOrder(shop, shopper.token, key);
      await addToCart(shop, shopper.token, product, 4); // a new cart must not leak into the replay
      const second = await placeOrder(shop, shopper.token, key, { shippingAddress: { ...ADDRESS, country: 'gb' } });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(second.json.id).toBe(first.json.id);
      expect(second.json.lines).toEqual(first.json.lines);
      expect(await stockOf(shop, product)).toBe(9);
    });

    it('answers the same key with a different body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const product = await createProduct(shop, 10);
      const shopper = newShopper();
      await addToCart(shop, shopper.token, product, 1);
      const key = randomUUID();
      expect((await placeOrder(shop, shopper.token, key)).status).toBe(201);
      const reused = await placeOrder(shop, shopper.token, key, { shippingAddress: { ...ADDRESS, city: 'Paris' } });
      expect(reused.status).toBe(422);
      expect(reused.json.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });

    it('creates exactly one order when one key is sent five times at once', async () => {
      const product = await createProduct(shop, 10);
      const shopper = newShopper();
      await addToCart(shop, shopper.token, product, 2);
      const key = randomUUID();
      const results = await Promise.all(Array.from({ length: 5 }, () => placeOrder(shop, shopper.token, key)));
      expect(results.map((result) => result.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(results.map((result) => result.json.id)).size).toBe(1);
      expect(results.filter((result) => result.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
      expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(1);
      expect(await stockOf(shop, product)).toBe(8);
    });

    it('scopes keys per shopper: two shoppers may use the same key', async () => {
      const product = await createProduct(shop, 10);
      const [a, b] = [newShopper(), newShopper()];
      await addToCart(shop, a.token, product, 1);
      await addToCart(shop, b.token, product, 1);
      const key = randomUUID();
      const [first, second] = await Promise.all([placeOrder(shop, a.token, key), placeOrder(shop, b.token, key)]);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(first.json.id).not.toBe(second.json.id);
    });

    it.each([
      [null, 'IDEMPOTENCY_KEY_MISSING'],
      ['short', 'IDEMPOTENCY_KEY_INVALID'],
      ['has spaces in it', 'IDEMPOTENCY_KEY_INVALID'],
    ])('refuses the key %p with 400 %s', async (key, code) => {
      const result = await placeOrder(shop, newShopper().token, key);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe(code);
    });
  });

  describe('input', () => {
    const invalid: [string, unknown, string[]][] = [
      ['no address', {}, ['shippingAddress']],
      ['a bad country', { shippingAddress: { ...ADDRESS, country: 'XX' } }, ['shippingAddress.country']],
      [
        'blank fields',
        { shippingAddress: { ...ADDRESS, name: '  ', city: '' } },
        ['shippingAddress.city', 'shippingAddress.name'],
      ],
      ['a multi-line field', { shippingAddress: { ...ADDRESS, line1: 'a\nb' } }, ['shippingAddress.line1']],
      [
        'a bad postal code',
        { shippingAddress: { ...ADDRESS, postalCode: '<script>' } },
        ['shippingAddress.postalCode'],
      ],
      ['client-sent prices', { shippingAddress: ADDRESS, lines: [{ unitPrice: 0 }] }, ['lines']],
      ['unknown address fields', { shippingAddress: { ...ADDRESS, phone: '1' } }, ['shippingAddress.phone']],
      ['an address that is not an object', { shippingAddress: 'London' }, ['shippingAddress']],
      // Optional fields may be left out, but null is refused rather than stored (libs/validation Optional).
      [
        'null optional address fields',
        { shippingAddress: { ...ADDRESS, line2: null, region: null } },
        ['shippingAddress.line2', 'shippingAddress.region'],
      ],
    ];
    it.each(invalid)('refuses %s with 400 naming the fields, and orders nothing', async (_label, body, fields) => {
      const shopper = newShopper();
      const result = await placeOrder(shop, shopper.token, randomUUID(), body);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      const named = [...new Set((result.json.errors as { field: string }[]).map((error) => error.field))].sort();
      expect(named).toEqual(expect.arrayContaining(fields));
      expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(0);
    });

    it('accepts the optional address fields and normalises the country', async () => {
      const product = await createProduct(shop, 10);
      const shopper = newShopper();
      await addToCart(shop, shopper.token, product, 1);
      const address = { ...ADDRESS, line2: 'Flat 3', region: 'Greater London', country: 'gb' };
      const placed = await placeOrder(shop, shopper.token, randomUUID(), { shippingAddress: address });
      expect(placed.status).toBe(201);
      expect(placed.json.shippingAddress).toEqual({ ...address, country: 'GB' });
    });

    it('needs a shopper: no token is 401, a service token is 403', async () => {
      const anonymous = await http(shop.order.baseUrl, '/api/v1/orders', {
        method: 'POST',
        json: { shippingAddress: ADDRESS },
      });
      expect(anonymous.status).toBe(401);
      const { signTestToken } = await import('../../../test/support/keys');
      const service = await placeOrder(shop, signTestToken({ sub: 'cart-service', roles: ['service'] }));
      expect(service.status).toBe(403);
    });
  });

  it('counts placed and failed orders in its metrics', async () => {
    const metrics = await http(shop.order.baseUrl, '/metrics');
    expect(metrics.text).toMatch(/orders_placed_total [1-9]/);
    expect(metrics.text).toMatch(/orders_failed_total\{reason="cart_empty"\} [1-9]/);
    expect(metrics.text).toMatch(/orders_failed_total\{reason="insufficient_stock"\} [1-9]/);
  });
});
