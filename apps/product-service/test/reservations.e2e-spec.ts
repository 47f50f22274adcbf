import { randomUUID } from 'node:crypto';
import { http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import {
  createProduct,
  expectProblem,
  reservationCall,
  reserve,
  startProductService,
  stockOf,
  tokens,
} from './product-test-kit';

describe('product-service: stock reservations', () => {
  let service: TestService;
  const newId = () => `order-${randomUUID()}`;

  beforeAll(async () => (service = await startProductService({ RESERVATION_TTL_SECONDS: '600' })));
  afterAll(async () => service.close());

  it('reserves every line with a price snapshot, and the same id again changes nothing (200)', async () => {
    const tee = await createProduct(service, { name: 'Tee', price: 2500, stock: 10 });
    const mug = await createProduct(service, { name: 'Mug', price: 1400, currency: 'USD', stock: 5 });
    const id = newId();
    const before = Date.now();
    const first = await reserve(service, id, [
      { productId: tee.id, quantity: 3 },
      { productId: mug.id, quantity: 5 },
    ]);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ reservationId: id, status: 'RESERVED' });
    expect(first.json.lines).toEqual(
      expect.arrayContaining([
        { productId: tee.id, sku: tee.sku, name: 'Tee', unitPrice: 2500, currency: 'EUR', quantity: 3 },
        { productId: mug.id, sku: mug.sku, name: 'Mug', unitPrice: 1400, currency: 'USD', quantity: 5 },
      ]),
    );
    const expiresIn = Date.parse(first.json.expiresAt as string) - before;
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThan(610_000);
    expect([await stockOf(service, tee.id), await stockOf(service, mug.id)]).toEqual([7, 0]);

    // A price change after reserving does not change the snapshot; a retry (even with other lines) is a replay.
    await http(service.baseUrl, `/api/v1/products/${tee.id}`, {
      method: 'PATCH',
      token: tokens.admin,
      json: { price: 9 },
    });
    const again = await reserve(service, id, [{ productId: tee.id, quantity: 1 }]);
    expect(again.status).toBe(200);
    expect(again.json).toEqual(first.json);
    expect([await stockOf(service, tee.id), await stockOf(service, mug.id)]).toEqual([7, 0]);
  });

  it('reserves nothing when one line is short: 409 INSUFFICIENT_STOCK, and the id can be retried later', async () => {
    const plenty = await createProduct(service, { stock: 50 });
    const scarce = await createProduct(service, { stock: 2 });
    const id = newId();
    const lines = [
      { productId: plenty.id, quantity: 4 },
      { productId: scarce.id, quantity: 3 },
    ];
    const refused = await reserve(service, id, lines);
    expectProblem(refused, 409, 'INSUFFICIENT_STOCK');
    expect(refused.json.lines).toEqual([{ productId: scarce.id, requested: 3, available: 2 }]);
    expect([await stockOf(service, plenty.id), await stockOf(service, scarce.id)]).toEqual([50, 2]);
    expectProblem(await reservationCall(service, id, 'confirm'), 404, 'RESERVATION_NOT_FOUND');

    await http(service.baseUrl, `/api/v1/products/${scarce.id}/stock`, {
      method: 'POST',
      token: tokens.admin,
      json: { increment: 1 },
    });
    expect((await reserve(service, id, lines)).status).toBe(201);
    expect([await stockOf(service, plenty.id), await stockOf(service, scarce.id)]).toEqual([46, 0]);
  });

  it('refuses unknown and inactive products with 409 PRODUCT_UNAVAILABLE and reserves nothing', async () => {
    const good = await createProduct(service, { stock: 5 });
    const inactive = await createProduct(service, { active: false });
    const unknown = '65a0000000000000000000ff';
    const refused = await reserve(service, newId(), [
      { productId: good.id, quantity: 1 },
      { productId: inactive.id, quantity: 1 },
      { productId: unknown, quantity: 1 },
    ]);
    expectProblem(refused, 409, 'PRODUCT_UNAVAILABLE');
    expect((refused.json.productIds as string[]).sort()).toEqual([inactive.id, unknown].sort());
    expect(await stockOf(service, good.id)).toBe(5);
    expect(await stockOf(service, inactive.id)).toBe(10);
  });

  it('confirms idempotently; a confirmed reservation keeps its stock', async () => {
    const product = await createProduct(service, { stock: 4 });
    const id = newId();
    await reserve(service, id, [{ productId: product.id, quantity: 3 }]);
    for (let i = 0; i < 2; i += 1) {
      const confirmed = await reservationCall(service, id, 'confirm');
      expect({ status: confirmed.status, body: confirmed.json }).toEqual({
        status: 200,
        body: { reservationId: id, status: 'CONFIRMED' },
      });
    }
    expect(await stockOf(service, product.id)).toBe(1);
    expect((await reserve(service, id, [{ productId: product.id, quantity: 3 }])).json.status).toBe('CONFIRMED');
    expectProblem(await reservationCall(service, 'no-such-reservation', 'confirm'), 404, 'RESERVATION_NOT_FOUND');
  });

  it('releases a reserved reservation once: stock back, confirm and reserve with its id refused', async () => {
    const product = await createProduct(service, { stock: 4 });
    const id = newId();
    await reserve(service, id, [{ productId: product.id, quantity: 3 }]);
    for (let i = 0; i < 2; i += 1) {
      const released = await reservationCall(service, id, 'release');
      expect({ status: released.status, body: released.json }).toEqual({
        status: 200,
        body: { reservationId: id, status: 'RELEASED' },
      });
    }
    expect(await stockOf(service, product.id)).toBe(4);
    expectProblem(await reservationCall(service, id, 'confirm'), 409, 'RESERVATION_RELEASED');
    expectProblem(await reserve(service, id, [{ productId: product.id, quantity: 1 }]), 409, 'RESERVATION_RELEASED');
    expect(await stockOf(service, product.id)).toBe(4);
  });

  it('releases a confirmed reservation (an order cancelled later) exactly once, even when released concurrently', async () => {
    const a = await createProduct(service, { stock: 10 });
    const b = await createProduct(service, { stock: 10 });
    const id = newId();
    await reserve(service, id, [
      { productId: a.id, quantity: 2 },
      { productId: b.id, quantity: 5 },
    ]);
    await reservationCall(service, id, 'confirm');
    const releases = await Promise.all(Array.from({ length: 5 }, () => reservationCall(service, id, 'release')));
    expect(releases.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    expect([await stockOf(service, a.id), await stockOf(service, b.id)]).toEqual([10, 10]);
    expect((await reservationCall(service, id, 'release')).status).toBe(200);
    expect([await stockOf(service, a.id), await stockOf(service, b.id)]).toEqual([10, 10]);
  });

  it('records releasing an unknown id, so a reservation arriving late with it is refused', async () => {
    const product = await createProduct(service, { stock: 3 });
    const id = newId();
    expect((await reservationCall(service, id, 'release')).json).toEqual({ reservationId: id, status: 'RELEASED' });
    expectProblem(await reserve(service, id, [{ productId: product.id, quantity: 1 }]), 409, 'RESERVATION_RELEASED');
    expect(await stockOf(service, product.id)).toBe(3);
  });

  it('is for service tokens with the stock:reserve scope only on every endpoint: cart-service gets 403', async () => {
    const product = await createProduct(service);
    const body = { reservationId: newId(), lines: [{ productId: product.id, quantity: 1 }] };
    const calls = [
      { method: 'POST', path: '', json: body },
      { method: 'POST', path: `/${body.reservationId}/confirm` },
      { method: 'DELETE', path: `/${body.reservationId}` },
    ];
    for (const { method, path, json } of calls) {
      const url = `/internal/v1/stock/reservations${path}`;
      expectProblem(await http(service.baseUrl, url, { method, json }), 401, 'AUTHENTICATION_REQUIRED');
      expectProblem(await http(service.baseUrl, url, { method, json, token: tokens.customer }), 403, 'FORBIDDEN');
      expectProblem(await http(service.baseUrl, url, { method, json, token: tokens.admin }), 403, 'FORBIDDEN');
      const asCart = await http(service.baseUrl, url, { method, json, token: tokens.cartService });
      expectProblem(asCart, 403, 'FORBIDDEN');
      expect(asCart.json.detail).toContain('stock:reserve');
    }
    expect(await stockOf(service, product.id)).toBe(10);
  });

  describe('bad input', () => {
    const productId = '65a0000000000000000000aa';
    const line = { productId, quantity: 1 };
    it.each([
      ['a reservation id with other characters', { reservationId: 'order 1', lines: [line] }],
      ['a reservation id over 64 characters', { reservationId: 'x'.repeat(65), lines: [line] }],
      ['no lines', { reservationId: 'r-1', lines: [] }],
      ['over 100 lines', { reservationId: 'r-1', lines: Array.from({ length: 101 }, () => line) }],
      ['a zero quantity', { reservationId: 'r-1', lines: [{ productId, quantity: 0 }] }],
      ['a negative quantity', { reservationId: 'r-1', lines: [{ productId, quantity: -2 }] }],
      ['an absurd quantity', { reservationId: 'r-1', lines: [{ productId, quantity: 1001 }] }],
      ['a fractional quantity', { reservationId: 'r-1', lines: [{ productId, quantity: 1.5 }] }],
      ['a malformed product id', { reservationId: 'r-1', lines: [{ productId: 'abc', quantity: 1 }] }],
      [
        'the same product twice',
        { reservationId: 'r-1', lines: [line, { ...line, productId: productId.toUpperCase() }] },
      ],
      ['an unknown field', { reservationId: 'r-1', lines: [line], priority: 'high' }],
      ['an unknown field in a line', { reservationId: 'r-1', lines: [{ ...line, unitPrice: 1 }] }],
      ['an operator', { reservationId: { $gt: '' }, lines: [line] }],
    ])('refuses %s with 400', async (_label, body) => {
      const result = await http(service.baseUrl, '/internal/v1/stock/reservations', {
        method: 'POST',
        token: tokens.service,
        json: body,
      });
      expectProblem(result, 400, 'VALIDATION_FAILED');
    });

    it('refuses malformed ids in paths with 400', async () => {
      for (const id of ['a.b', 'x'.repeat(65), '%24where']) {
        expectProblem(await reservationCall(service, id, 'confirm'), 400, 'VALIDATION_FAILED');
        expectProblem(await reservationCall(service, id, 'release'), 400, 'VALIDATION_FAILED');
      }
    });
  });

  it('counts reservations by outcome in /metrics', async () => {
    const metrics = (await http(service.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/product_stock_reservations_total\{outcome="reserved"\} [1-9]/);
    expect(metrics).toMatch(/product_stock_reservations_total\{outcome="replayed"\} [1-9]/);
    expect(metrics).toMatch(/product_stock_reservations_total\{outcome="insufficient_stock"\} [1-9]/);
    expect(metrics).toMatch(/product_stock_reservations_total\{outcome="product_unavailable"\} [1-9]/);
    expect(metrics).toMatch(/product_stock_reservation_transitions_total\{transition="confirmed"\} [1-9]/);
    expect(metrics).toMatch(/product_stock_reservation_transitions_total\{transition="released"\} [1-9]/);
  });
});
