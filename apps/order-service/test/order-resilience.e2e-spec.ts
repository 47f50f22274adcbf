import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { eventually, http } from '../../../test/support/http';
import { requestHash } from '../src/orders/idempotency-key';
import { OrderSweeper } from '../src/orders/orders-sweeper.service';
import { type Fault } from './support/fault-proxy';
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
  reservationStatus,
  stockOf,
} from './support/shopping';

/** cart-service's internal route that takes an order's lines out of the cart. */
const CLEAR_ORDERED = '/internal/v1/carts/';

describe('order-service: failures between services', () => {
  let shop: Shop;
  let serviceToken: string;
  const sweep = () => shop.order.app.get(OrderSweeper).sweep();

  /**
   * A new shopper orders these lines while cart-service fails the clear (`fault`): the order stands regardless,
   * and is paid at once (this shop's reservations expire after 2 s unless confirmed by a payment).
   */
  async function orderWithFailedClear(fault: Fault, lines: [string, number][]) {
    const shopper = newShopper();
    for (const [product, quantity] of lines) await addToCart(shop, shopper.token, product, quantity);
    shop.cartProxy.fail(fault, 'POST', CLEAR_ORDERED);
    const placed = await placeOrder(shop, shopper.token);
    expect(placed).toMatchObject({ status: 201, json: { status: 'PENDING_PAYMENT', cartCleared: false } });
    const paid = await payOrder(shop, shopper.token, placed.json.id as string);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED', cartCleared: false } });
    return { shopper, placed };
  }

  /** Sweeps until the order's cart clear is recorded (the cart-service breaker may still be open at first). */
  const sweptUntilCleared = (orderId: string) =>
    eventually(
      async () => {
        await sweep();
        const order = await ordersCollection(shop).findOne({ _id: new Types.ObjectId(orderId) });
        return order?.cartCleared === true;
      },
      8_000,
      300,
    );

  /** Reserves stock directly at product-service, as order-service would just before dying. */
  async function reserveDirectly(reservationId: string, productId: string, quantity: number) {
    const reserved = await http(shop.product.baseUrl, '/internal/v1/stock/reservations', {
      method: 'POST',
      token: serviceToken,
      json: { reservationId, lines: [{ productId, quantity }] },
    });
    expect(reserved.status).toBe(201);
    return reserved.json;
  }

  /** An order document as a crashed saga leaves it, last touched a minute ago. */
  async function leftBehind(fields: Record<string, unknown>): Promise<Types.ObjectId> {
    const _id = new Types.ObjectId();
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await ordersCollection(shop).insertOne({
      _id,
      number: `ORD-250101-${_id.toHexString().slice(-8).toUpperCase()}`,
      idempotencyKey: randomUUID(),
      requestHash: requestHash({ shippingAddress: ADDRESS }),
      shippingAddress: ADDRESS,
      status: 'PENDING_PAYMENT',
      statusHistory: [],
      lines: [],
      subtotal: 0,
      total: 0,
      cartCleared: false,
      createdAt: aMinuteAgo,
      updatedAt: aMinuteAgo,
      ...fields,
    });
    return _id;
  }

  beforeAll(async () => {
    shop = await startShop({
      product: { RESERVATION_TTL_SECONDS: '2', RESERVATION_SWEEP_INTERVAL_MS: '200' },
      order: { ORDER_SAGA_STALE_SECONDS: '5', HTTP_TIMEOUT_MS: '500' },
    });
    const token = await http(shop.user.baseUrl, '/internal/v1/auth/token', {
      method: 'POST',
      json: { grantType: 'client_credentials', clientId: 'order-service', clientSecret: shop.orderClientSecret },
    });
    expect(token.status).toBe(200);
    serviceToken = token.json.accessToken as string;
  });
  afterEach(() => {
    shop.cartProxy.heal();
    shop.productProxy.heal();
  });
  afterAll(async () => shop.close());

  it('answers a fast 503 when product-service is down, keeps nothing, and the same key works once it is back', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 2);
    const key = randomUUID();
    shop.productProxy.fail('down');

    const started = Date.now();
    const failed = await placeOrder(shop, shopper.token, key);

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'product-service' });
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await http(shop.order.baseUrl, '/api/v1/orders', { token: shopper.token })).json.total).toBe(0);
    expect(await cartLines(shop, shopper.token)).toHaveLength(1);

    shop.productProxy.heal();
    let retried = failed;
    await eventually(
      async () => {
        retried = await placeOrder(shop, shopper.token, key);
        return retried.status === 201;
      },
      10_000,
      300,
    );
    expect(retried.json.status).toBe('PENDING_PAYMENT');
    const paid = await payOrder(shop, shopper.token, retried.json.id as string);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect(await stockOf(shop, product)).toBe(3);
    expect(await holdingReservations(shop)).toBe(0);
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(1);
  });

  it('answers a fast 503 when cart-service is down, reserving nothing', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 1);
    shop.cartProxy.fail('down');
    const started = Date.now();
    const failed = await placeOrder(shop, shopper.token);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'cart-service' });
    expect(await stockOf(shop, product)).toBe(5);
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(0);
    // Reading orders never needs the upstreams.
    expect((await http(shop.order.baseUrl, '/api/v1/orders', { token: shopper.token })).status).toBe(200);
  });

  it('keeps the order when clearing the cart fails, and the sweeper clears it once cart-service is back', async () => {
    const product = await createProduct(shop, 5);
    const { shopper, placed } = await orderWithFailedClear('down', [[product, 2]]);

    expect(placed.json).toMatchObject({ cartCleared: false });
    expect(await cartLines(shop, shopper.token)).toHaveLength(1);
    shop.cartProxy.heal();
    await sweptUntilCleared(placed.json.id as string);
    expect(await cartLines(shop, shopper.token)).toEqual([]);
    const order = await http(shop.order.baseUrl, `/api/v1/orders/${placed.json.id as string}`, {
      token: shopper.token,
    });
    expect(order.json).toMatchObject({ status: 'CONFIRMED', cartCleared: true });
    expect(await stockOf(shop, product)).toBe(3);
  });

  it('reads orders without side effects: a pending cart clear waits for the sweeper, not for a GET', async () => {
    const { shopper, placed } = await orderWithFailedClear('unavailable', [[await createProduct(shop, 5), 1]]);
    shop.cartProxy.heal();
    const clearCalls = () => shop.cartProxy.seen.filter((call) => call.includes(CLEAR_ORDERED)).length;
    const clearsBefore = clearCalls();

    expect((await http(shop.order.baseUrl, '/api/v1/orders', { token: shopper.token })).status).toBe(200);
    const id = placed.json.id as string;
    expect((await http(shop.order.baseUrl, `/api/v1/orders/${id}`, { token: shopper.token })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(clearCalls()).toBe(clearsBefore);
    expect(await cartLines(shop, shopper.token)).toHaveLength(1);
    expect(await ordersCollection(shop).findOne({ _id: new Types.ObjectId(id) })).toMatchObject({ cartCleared: false });
    await sweptUntilCleared(id);
    expect(await cartLines(shop, shopper.token)).toEqual([]);
  });

  it('finishes a pending cart clear before the next order, so nothing is ordered twice', async () => {
    const product = await createProduct(shop, 10);
    const { shopper } = await orderWithFailedClear('unavailable', [[product, 2]]);
    shop.cartProxy.heal();

    const next = await placeOrder(shop, shopper.token);

    expect(next.status).toBe(422);
    expect(next.json.code).toBe('CART_EMPTY');
    expect(await stockOf(shop, product)).toBe(8);
  });

  it('clears only the ordered lines when the clear is retried: what the shopper added or raised since stays', async () => {
    const [first, second, third] = [
      await createProduct(shop, 10),
      await createProduct(shop, 10),
      await createProduct(shop, 10),
    ];
    const { shopper, placed } = await orderWithFailedClear('unavailable', [
      [first, 1],
      [third, 1],
    ]);
    await addToCart(shop, shopper.token, second, 1);
    await addToCart(shop, shopper.token, third, 1);
    shop.cartProxy.heal();

    await sweptUntilCleared(placed.json.id as string);

    const left = Object.fromEntries(
      (await cartLines(shop, shopper.token)).map((line) => [line.productId, line.quantity]),
    );
    expect(left).toEqual({ [second]: 1, [third]: 2 });
  });

  it('returns the stock when order-service dies between reserving and storing: the reservation expires', async () => {
    const product = await createProduct(shop, 4);
    const orderId = new Types.ObjectId().toHexString();
    await reserveDirectly(orderId, product, 3); // ...and the process "dies" here: nothing is stored
    expect(await stockOf(shop, product)).toBe(1);

    await eventually(async () => (await stockOf(shop, product)) === 4, 10_000, 250);

    expect(await holdingReservations(shop)).toBe(0);
    const late = await http(shop.product.baseUrl, `/internal/v1/stock/reservations/${orderId}/confirm`, {
      method: 'POST',
      token: serviceToken,
    });
    expect(late.json.code).toBe('RESERVATION_RELEASED');
  });

  it('rolls back an interrupted placement at once when the sweeper finds it, freeing its key', async () => {
    const product = await createProduct(shop, 4);
    const shopper = newShopper();
    const key = randomUUID();
    const orderId = await leftBehind({ userId: shopper.id, idempotencyKey: key, saga: 'CLAIMED' });
    await reserveDirectly(orderId.toHexString(), product, 2);

    expect(await sweep()).toMatchObject({ recovered: 1 });

    expect(await stockOf(shop, product)).toBe(4); // released now, not after the reservation's TTL
    expect(await ordersCollection(shop).countDocuments({ _id: orderId })).toBe(0);
    await addToCart(shop, shopper.token, product, 1);
    const retried = await placeOrder(shop, shopper.token, key);
    expect(retried.status).toBe(201);
    expect(retried.json.id).not.toBe(orderId.toHexString());
  });

  it('lets a retried request take over an abandoned placement with the same key', async () => {
    const product = await createProduct(shop, 4);
    const shopper = newShopper();
    const key = randomUUID();
    const orderId = await leftBehind({ userId: shopper.id, idempotencyKey: key, saga: 'CLAIMED' });
    await reserveDirectly(orderId.toHexString(), product, 2);
    await addToCart(shop, shopper.token, product, 1);

    const retried = await placeOrder(shop, shopper.token, key);

    expect(retried.status).toBe(201);
    expect(retried.json.lines).toMatchObject([{ productId: product, quantity: 1 }]);
    // Paid at once: this shop's unconfirmed reservations expire after 2 s.
    expect((await payOrder(shop, shopper.token, retried.json.id as string)).json.status).toBe('succeeded');
    expect(await stockOf(shop, product)).toBe(3);
  });

  it('an order stored when its process died is completed and waits for its payment', async () => {
    const product = await createProduct(shop, 4, 900, 'Lamp');
    const shopper = newShopper();
    const orderId = await leftBehind({
      userId: shopper.id,
      saga: 'STORED',
      currency: 'EUR',
      lines: [
        {
          productId: new Types.ObjectId(product),
          sku: 'LAMP',
          name: 'Lamp',
          unitPrice: 900,
          quantity: 1,
          lineTotal: 900,
        },
      ],
      subtotal: 900,
      total: 900,
      statusHistory: [{ status: 'PENDING_PAYMENT', at: new Date(), by: shopper.id }],
      payment: {
        status: 'pending',
        provider: 'sandbox',
        amount: 900,
        currency: 'EUR',
        refundedAmount: 0,
        deadline: new Date(Date.now() + 900_000),
        attempts: 0,
        appliedEvents: [],
      },
    });
    await reserveDirectly(orderId.toHexString(), product, 1);

    expect(await sweep()).toMatchObject({ recovered: 1 });

    const order = await http(shop.order.baseUrl, `/api/v1/orders/${orderId.toHexString()}`, { token: shopper.token });
    expect(order.json).toMatchObject({ status: 'PENDING_PAYMENT', payment: { status: 'pending', amount: 900 } });
    expect(await ordersCollection(shop).findOne({ _id: orderId })).toMatchObject({ saga: 'COMPLETED' });
    // Paid (before this shop's 2 s reservation TTL): confirmed by the payment, the stock taken for good.
    const paid = await payOrder(shop, shopper.token, orderId.toHexString());
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect((paid.json.order as { statusHistory: { by: string }[] }).statusHistory.at(-1)?.by).toBe('order-service');
    expect(await stockOf(shop, product)).toBe(3);
    expect(await reservationStatus(shop, orderId.toHexString())).toBe('CONFIRMED');
  });

  it('cancels while product-service is down and gives the stock back once it returns', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 2);
    const placed = await placeOrder(shop, shopper.token);
    // Paid, so the stock is taken for good (not held by a reservation that would expire by itself).
    expect((await payOrder(shop, shopper.token, placed.json.id as string)).json.status).toBe('succeeded');
    expect(await stockOf(shop, product)).toBe(3);
    shop.productProxy.fail('down');

    const cancelled = await http(shop.order.baseUrl, `/api/v1/orders/${placed.json.id as string}/cancel`, {
      method: 'POST',
      token: shopper.token,
    });

    expect(cancelled.status).toBe(200);
    expect(cancelled.json.status).toBe('CANCELLED');
    expect(await stockOf(shop, product)).toBe(3);
    shop.productProxy.heal();
    await eventually(
      async () => {
        await sweep();
        return (await stockOf(shop, product)) === 5;
      },
      10_000,
      500,
    );
  });
});
