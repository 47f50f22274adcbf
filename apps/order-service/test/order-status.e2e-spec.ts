import { http } from '../../../test/support/http';
import { PaymentProvider } from '../src/payments/payment-provider';
import { type Shop, startShop } from './support/shop';
import { addToCart, adminToken, createProduct, newShopper, payOrder, placeOrder, stockOf } from './support/shopping';

type Shopper = ReturnType<typeof newShopper>;

describe('order-service: reading orders and moving them along the status machine', () => {
  let shop: Shop;
  let product: string;
  const admin = adminToken();

  /** An order of the shopper's, paid (CONFIRMED) unless `pay` is false (then PENDING_PAYMENT). */
  async function orderFor(shopper: Shopper, quantity = 1, pay = true): Promise<Record<string, unknown>> {
    await addToCart(shop, shopper.token, product, quantity);
    const placed = await placeOrder(shop, shopper.token);
    if (placed.status !== 201) throw new Error(`order not placed: ${placed.status} ${placed.text}`);
    if (!pay) return placed.json;
    const paid = await payOrder(shop, shopper.token, placed.json.id as string);
    if (paid.json.status !== 'succeeded') throw new Error(`order not paid: ${paid.status} ${paid.text}`);
    return paid.json.order as Record<string, unknown>;
  }
  const get = (path: string, token: string) => http(shop.order.baseUrl, path, { token });
  const cancel = (id: unknown, token: string, reason?: string) =>
    http(shop.order.baseUrl, `/api/v1/orders/${id as string}/cancel`, {
      method: 'POST',
      token,
      ...(reason ? { json: { reason } } : {}),
    });
  const move = (id: unknown, status: string, token = admin, reason?: string) =>
    http(shop.order.baseUrl, `/api/v1/orders/${id as string}/status`, {
      method: 'PATCH',
      token,
      json: { status, ...(reason ? { reason } : {}) },
    });

  beforeAll(async () => {
    shop = await startShop();
    product = await createProduct(shop, 1000, 300, 'Notebook');
  });
  afterAll(async () => shop.close());

  describe('reading', () => {
    const ada = newShopper();
    const bob = newShopper();
    const placed: Record<string, unknown>[] = [];
    beforeAll(async () => {
      for (let i = 0; i < 3; i += 1) placed.push(await orderFor(ada));
      await orderFor(bob);
      expect((await cancel(placed[0].id, ada.token)).status).toBe(200);
    });

    it("lists a shopper's own orders, newest first, paginated with the total", async () => {
      const first = await get('/api/v1/orders?pageSize=2', ada.token);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      const second = await get('/api/v1/orders?pageSize=2&page=2', ada.token);
      const ids = [...(first.json.items as { id: string }[]), ...(second.json.items as { id: string }[])].map(
        (o) => o.id,
      );
      expect(ids).toEqual([placed[2].id, placed[1].id, placed[0].id]);
    });

    it('filters by status', async () => {
      const cancelled = await get('/api/v1/orders?status=CANCELLED', ada.token);
      expect(cancelled.json.total).toBe(1);
      expect((cancelled.json.items as { id: string }[])[0].id).toBe(placed[0].id);
      const byNumber = await get(`/api/v1/orders?number=${placed[1].number as string}`, ada.token);
      expect((byNumber.json.items as { id: string }[]).map((order) => order.id)).toEqual([placed[1].id]);
    });

    it("shows a shopper their own order and answers 404 for anyone else's", async () => {
      expect((await get(`/api/v1/orders/${placed[1].id as string}`, ada.token)).json.id).toBe(placed[1].id);
      const foreign = await get(`/api/v1/orders/${placed[1].id as string}`, bob.token);
      expect(foreign.status).toBe(404);
      expect(foreign.json.code).toBe('ORDER_NOT_FOUND');
      expect((await get('/api/v1/orders/65a000000000000000000999', ada.token)).status).toBe(404);
      expect((await get('/api/v1/orders/not-an-id', ada.token)).status).toBe(400);
    });

    it("lets admins read any order and list everyone's, or one shopper's, with filters", async () => {
      expect((await get(`/api/v1/orders/${placed[1].id as string}`, admin)).status).toBe(200);
      const all = await get('/api/v1/orders?all=true&pageSize=100', admin);
      const owners = new Set((all.json.items as { userId: string }[]).map((order) => order.userId));
      expect(owners.has(ada.id) && owners.has(bob.id)).toBe(true);
      const bobs = await get(`/api/v1/orders?userId=${bob.id}`, admin);
      expect(bobs.json.total).toBe(1);
      const adaCancelled = await get(`/api/v1/orders?userId=${ada.id}&status=CANCELLED`, admin);
      expect(adaCancelled.json.total).toBe(1);
      const adminsOwn = await get('/api/v1/orders', admin);
      expect(adminsOwn.json.total).toBe(0);
    });

    it.each([
      ['all=true', 403, 'FORBIDDEN'],
      ['userId=65a000000000000000000001', 403, 'FORBIDDEN'],
      ['pageSize=101', 400, 'VALIDATION_FAILED'],
      ['page=0', 400, 'VALIDATION_FAILED'],
      ['page=0x10', 400, 'VALIDATION_FAILED'],
      ['pageSize=1e1', 400, 'VALIDATION_FAILED'],
      ['status=LOST', 400, 'VALIDATION_FAILED'],
      ['all=yes', 400, 'VALIDATION_FAILED'],
      ['userId[$ne]=x', 400, 'VALIDATION_FAILED'],
    ])('answers a shopper listing with %s with %i %s', async (query, status, code) => {
      const result = await get(`/api/v1/orders?${query}`, ada.token);
      expect({ status: result.status, code: result.json.code }).toEqual({ status, code });
    });
  });

  describe('status machine', () => {
    it('lets a shopper cancel their paid order, returns the stock, refunds it and records who and why', async () => {
      const shopper = newShopper();
      const before = await stockOf(shop, product);
      const order = await orderFor(shopper, 3);
      expect(await stockOf(shop, product)).toBe(before - 3);
      const cancelled = await cancel(order.id, shopper.token, 'Ordered the wrong size');
      expect(cancelled.status).toBe(200);
      expect(cancelled.json.status).toBe('CANCELLED');
      expect(cancelled.json.payment).toMatchObject({ amount: 900, refundedAmount: 900 });
      expect((cancelled.json.statusHistory as object[]).at(-1)).toEqual({
        status: 'CANCELLED',
        at: expect.any(String),
        by: shopper.id,
        reason: 'Ordered the wrong size',
      });
      expect(await stockOf(shop, product)).toBe(before);
      const again = await cancel(order.id, shopper.token);
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', from: 'CANCELLED', to: 'CANCELLED' });
      expect(await stockOf(shop, product)).toBe(before);
      expect((await get(`/api/v1/orders/${order.id as string}`, shopper.token)).json.payment).toMatchObject({
        refundedAmount: 900,
      });
    });

    it('lets a shopper cancel an unpaid order: the stock goes back and nothing is refunded', async () => {
      const shopper = newShopper();
      const before = await stockOf(shop, product);
      const order = await orderFor(shopper, 2, false);
      expect(await stockOf(shop, product)).toBe(before - 2);
      const cancelled = await cancel(order.id, shopper.token);
      expect(cancelled.status).toBe(200);
      expect(cancelled.json).toMatchObject({ status: 'CANCELLED', payment: { status: 'pending', refundedAmount: 0 } });
      expect((cancelled.json.statusHistory as { status: string }[]).map((change) => change.status)).toEqual([
        'PENDING_PAYMENT',
        'CANCELLED',
      ]);
      expect(await stockOf(shop, product)).toBe(before);
    });

    it('never lets an admin confirm an order by hand: only a payment does', async () => {
      const shopper = newShopper();
      const order = await orderFor(shopper, 1, false);
      const confirmed = await move(order.id, 'CONFIRMED');
      expect(confirmed.status).toBe(409);
      expect(confirmed.json).toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        from: 'PENDING_PAYMENT',
        to: 'CONFIRMED',
        allowed: ['CANCELLED'],
      });
      // Nor ship one that is not paid.
      expect((await move(order.id, 'SHIPPED')).json).toMatchObject({ code: 'INVALID_STATUS_TRANSITION' });
      const stored = await get(`/api/v1/orders/${order.id as string}`, shopper.token);
      expect(stored.json).toMatchObject({ status: 'PENDING_PAYMENT', statusHistory: order.statusHistory });
    });

    it("never lets a shopper cancel someone else's order", async () => {
      const order = await orderFor(newShopper());
      const result = await cancel(order.id, newShopper().token);
      expect(result.status).toBe(404);
      expect((await get(`/api/v1/orders/${order.id as string}`, admin)).json.status).toBe('CONFIRMED');
    });

    it('lets admins ship and deliver, and refuses every move off the machine with 409', async () => {
      const shopper = newShopper();
      const order = await orderFor(shopper);
      const shipped = await move(order.id, 'SHIPPED', admin, 'Handed to the carrier');
      expect(shipped.status).toBe(200);
      expect(shipped.json.status).toBe('SHIPPED');
      expect((await cancel(order.id, shopper.token)).json).toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        from: 'SHIPPED',
        allowed: ['DELIVERED'],
      });
      expect((await move(order.id, 'CONFIRMED')).status).toBe(409);
      const delivered = await move(order.id, 'DELIVERED');
      expect(delivered.json.status).toBe('DELIVERED');
      expect((delivered.json.statusHistory as { status: string }[]).map((change) => change.status)).toEqual([
        'PENDING_PAYMENT',
        'CONFIRMED',
        'SHIPPED',
        'DELIVERED',
      ]);
      expect((delivered.json.statusHistory as { reason?: string }[])[2].reason).toBe('Handed to the carrier');
      for (const status of ['CANCELLED', 'SHIPPED', 'PENDING_PAYMENT', 'CONFIRMED', 'DELIVERED']) {
        const refused = await move(order.id, status);
        expect({ status: refused.status, code: refused.json.code }).toEqual({
          status: 409,
          code: 'INVALID_STATUS_TRANSITION',
        });
      }
    });

    it('returns the stock and refunds in full when an admin cancels a confirmed order', async () => {
      const before = await stockOf(shop, product);
      const order = await orderFor(newShopper(), 2);
      const cancelled = await move(order.id, 'CANCELLED', admin, 'Out of stock at the warehouse');
      expect(cancelled.json.status).toBe('CANCELLED');
      expect(cancelled.json.payment).toMatchObject({ amount: 600, refundedAmount: 600 });
      expect(await stockOf(shop, product)).toBe(before);
    });

    it('keeps status changes to admins and valid bodies', async () => {
      const shopper = newShopper();
      const order = await orderFor(shopper);
      expect((await move(order.id, 'SHIPPED', shopper.token)).status).toBe(403);
      expect((await move(order.id, 'LOST')).status).toBe(400);
      const extra = await http(shop.order.baseUrl, `/api/v1/orders/${order.id as string}/status`, {
        method: 'PATCH',
        token: admin,
        json: { status: 'SHIPPED', by: 'someone-else' },
      });
      expect(extra.status).toBe(400);
      expect((await move('65a000000000000000000999', 'SHIPPED')).status).toBe(404);
    });

    it('refuses a null reason with 400 and leaves the order as it was', async () => {
      const shopper = newShopper();
      const order = await orderFor(shopper);
      const nullReason = (path: string, method: string, token: string, body: object) =>
        http(shop.order.baseUrl, `/api/v1/orders/${order.id as string}/${path}`, {
          method,
          token,
          json: { ...body, reason: null },
        });

      const cancelled = await nullReason('cancel', 'POST', shopper.token, {});
      const moved = await nullReason('status', 'PATCH', admin, { status: 'SHIPPED' });

      for (const refused of [cancelled, moved]) {
        expect(refused).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED' } });
        expect((refused.json.errors as { field: string }[]).map((error) => error.field)).toEqual(['reason']);
      }
      const stored = await http(shop.order.baseUrl, `/api/v1/orders/${order.id as string}`, { token: shopper.token });
      expect(stored.json).toMatchObject({ status: 'CONFIRMED', statusHistory: order.statusHistory });
    });

    it('lets exactly one of five concurrent cancellations win, returns the stock once and refunds once', async () => {
      const shopper = newShopper();
      const before = await stockOf(shop, product);
      const order = await orderFor(shopper, 4);
      const refunds = jest.spyOn(shop.order.app.get(PaymentProvider), 'refund');
      const results = await Promise.all(Array.from({ length: 5 }, () => cancel(order.id, shopper.token)));
      expect(refunds).toHaveBeenCalledTimes(1);
      refunds.mockRestore();
      expect(results.map((result) => result.status).sort()).toEqual([200, 409, 409, 409, 409]);
      expect(await stockOf(shop, product)).toBe(before);
      const stored = (await get(`/api/v1/orders/${order.id as string}`, shopper.token)).json;
      expect(stored.statusHistory).toHaveLength(3);
      expect(stored.payment).toMatchObject({ amount: 1200, refundedAmount: 1200 });
    });

    it('lets only one of two concurrent admin moves win', async () => {
      const order = await orderFor(newShopper());
      const results = await Promise.all([move(order.id, 'SHIPPED'), move(order.id, 'CANCELLED')]);
      expect(results.map((result) => result.status).sort()).toEqual([200, 409]);
    });
  });

  it('counts status changes in its metrics', async () => {
    const metrics = await http(shop.order.baseUrl, '/metrics');
    expect(metrics.text).toMatch(/order_status_changes_total\{to="CANCELLED"\} [1-9]/);
    expect(metrics.text).toMatch(/order_status_changes_total\{to="DELIVERED"\} [1-9]/);
  });
});
