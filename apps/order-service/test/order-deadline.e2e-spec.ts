import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { eventually, http, type HttpResult } from '../../../test/support/http';
import { requestHash } from '../src/orders/idempotency-key';
import { OrderSweeper } from '../src/orders/orders-sweeper.service';
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
  placeOrderOnceBack,
  stockOf,
} from './support/shopping';

/** Short enough to keep the suite quick, shorter than one upstream attempt (HTTP_TIMEOUT_MS 3000 in the shop). */
const BUDGET_MS = 2_000;
/** What a 503 may take beyond the budget: the undo, the response, a loaded test machine. */
const SLACK_MS = 1_000;

describe('order-service: a time budget for placing an order, with a hung upstream', () => {
  let shop: Shop;

  /** The fast answer the budget guarantees: 503 naming the upstream, with Retry-After, within the budget. */
  function expectUnavailableInTime(failed: HttpResult, ms: number, upstream: string): void {
    expect(failed.status).toBe(503);
    expect(failed.json).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream });
    expect(Number(failed.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = Date.now();
    const result = await work();
    return { result, ms: Date.now() - started };
  }

  beforeAll(async () => {
    shop = await startShop({
      // A long wait for a key in use, so that only the budget can end it.
      order: { ORDER_REQUEST_BUDGET_MS: String(BUDGET_MS), IDEMPOTENCY_WAIT_MS: '60000' },
    });
  });
  afterEach(() => {
    shop.cartProxy.heal();
    shop.productProxy.heal();
  });
  afterAll(async () => shop.close());

  it('answers 503 with Retry-After within the budget while product-service hangs; the same key then gives one order and exact stock', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 2);
    const key = randomUUID();
    shop.productProxy.fail('hang');

    const { result: failed, ms } = await timed(() => placeOrder(shop, shopper.token, key));

    expectUnavailableInTime(failed, ms, 'product-service');
    expect(shop.productProxy.seen.some((call) => call.startsWith('POST /internal/v1/stock/reservations'))).toBe(true);
    expect(await cartLines(shop, shopper.token)).toHaveLength(1);

    shop.productProxy.heal();
    const retried = await placeOrderOnceBack(shop, shopper.token, key);
    expect(retried.json.status).toBe('PENDING_PAYMENT');
    expect(await placeOrder(shop, shopper.token, key)).toMatchObject({ status: 201 });
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(1);
    expect(await stockOf(shop, product)).toBe(3);
    const paid = await payOrder(shop, shopper.token, retried.json.id as string);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect(await stockOf(shop, product)).toBe(3);
    expect(await holdingReservations(shop)).toBe(0);
  });

  it('answers 503 within the budget while cart-service hangs, reserving nothing', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 1);
    shop.cartProxy.fail('hang');

    const { result: failed, ms } = await timed(() => placeOrder(shop, shopper.token));

    expectUnavailableInTime(failed, ms, 'cart-service');
    expect(await stockOf(shop, product)).toBe(5);
    expect(await ordersCollection(shop).countDocuments({ userId: shopper.id })).toBe(0);
  });

  it('stops waiting for a request with the same Idempotency-Key when the budget runs out', async () => {
    const shopper = newShopper();
    const key = randomUUID();
    // A placement with this key still running elsewhere: fresh, so it is neither stale nor recovered.
    await ordersCollection(shop).insertOne({
      _id: new Types.ObjectId(),
      userId: shopper.id,
      idempotencyKey: key,
      requestHash: requestHash({ shippingAddress: ADDRESS }),
      saga: 'CLAIMED',
      updatedAt: new Date(),
    });

    const { result: waited, ms } = await timed(() => placeOrder(shop, shopper.token, key));

    expect(waited.status).toBe(409);
    expect(waited.json.code).toBe('IDEMPOTENCY_KEY_IN_USE');
    expect(waited.headers.get('retry-after')).toBe('1');
    expect(ms).toBeGreaterThanOrEqual(BUDGET_MS - 100);
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it('places orders as before when every upstream answers', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 1);
    const placed = await placeOrder(shop, shopper.token);
    expect(placed.status).toBe(201);
    expect(placed.json.status).toBe('PENDING_PAYMENT');
    const paid = await payOrder(shop, shopper.token, placed.json.id as string);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect((await http(shop.order.baseUrl, '/api/v1/orders', { token: shopper.token })).json.total).toBe(1);
  });

  it('answers a payment within the budget while product-service hangs: paid and CONFIRMED, the reservation confirmed once it is back', async () => {
    const product = await createProduct(shop, 5);
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, 2);
    const placed = await placeOrder(shop, shopper.token);
    expect(placed.status).toBe(201);
    shop.productProxy.fail('hang');

    const { result: paid, ms } = await timed(() => payOrder(shop, shopper.token, placed.json.id as string));

    // The money is in: the shopper is told so at once, and the reservation's confirmation is left for later.
    expect(paid.status).toBe(200);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);
    expect(await holdingReservations(shop)).toBe(1);

    shop.productProxy.heal();
    await eventually(
      async () => {
        await shop.order.app.get(OrderSweeper).sweep();
        return (await holdingReservations(shop)) === 0;
      },
      10_000,
      300,
    );
    expect(await stockOf(shop, product)).toBe(3);
    const stored = await ordersCollection(shop).findOne({ _id: new Types.ObjectId(placed.json.id as string) });
    expect(stored).toMatchObject({ status: 'CONFIRMED', reservationConfirmed: true });
  });
});
