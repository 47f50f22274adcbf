import { randomUUID } from 'node:crypto';
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
  stockOf,
} from './support/shopping';

// This proves correctness under contention, not speed (tools/bench measures latency): fifty placements queue
// behind each other in one process, so on a loaded CI machine the slowest may take well over the usual 10 s
// client deadline or the 3 s upstream timeout. Both are widened here so only a wrong outcome fails the test.
const BURST_DEADLINE_MS = 60_000;

describe('order-service: concurrent orders never oversell', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop({ order: { HTTP_TIMEOUT_MS: '20000' } });
  });
  afterAll(async () => shop.close(), BURST_DEADLINE_MS);

  it(
    '50 shoppers ordering the last 10 units at once get exactly 10 orders and 40 clean 409s',
    async () => {
      const product = await createProduct(shop, 10, 700, 'Limited edition');
      const shoppers = Array.from({ length: 50 }, () => newShopper());
      for (const shopper of shoppers) await addToCart(shop, shopper.token, product, 1);

      const results = await Promise.all(
        shoppers.map((shopper) =>
          placeOrder(
            shop,
            shopper.token,
            randomUUID(),
            { shippingAddress: ADDRESS },
            AbortSignal.timeout(BURST_DEADLINE_MS),
          ),
        ),
      );

      const statuses = results.map((result) => result.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(10);
      expect(statuses.filter((status) => status === 409)).toHaveLength(40);
      for (const refused of results.filter((result) => result.status === 409))
        expect(refused.json).toMatchObject({
          code: 'INSUFFICIENT_STOCK',
          lines: [{ productId: product, requested: 1, available: 0 }],
        });
      expect(await stockOf(shop, product)).toBe(0);
      // The winners hold their unit until they pay; paying confirms every reservation.
      expect(await holdingReservations(shop)).toBe(10);
      const winners = results.map((result, index) => ({ result, shopper: shoppers[index] }));
      const paid = await Promise.all(
        winners
          .filter(({ result }) => result.status === 201)
          .map(({ result, shopper }) =>
            payOrder(
              shop,
              shopper.token,
              result.json.id as string,
              'pm_card_visa',
              AbortSignal.timeout(BURST_DEADLINE_MS),
            ),
          ),
      );
      expect(paid.map((result) => result.json.status)).toEqual(Array.from({ length: 10 }, () => 'succeeded'));
      expect(await stockOf(shop, product)).toBe(0);
      expect(await holdingReservations(shop)).toBe(0);
      const stored = await ordersCollection(shop).find({}).toArray();
      expect(stored).toHaveLength(10);
      expect(stored.every((order) => order.status === 'CONFIRMED' && order.saga === 'COMPLETED')).toBe(true);
      expect(new Set(stored.map((order) => order.number)).size).toBe(10);

      // The winners' carts are empty; the others still hold what they wanted.
      const carts = await Promise.all(shoppers.map((shopper) => cartLines(shop, shopper.token)));
      const won = new Set(stored.map((order) => order.userId as string));
      shoppers.forEach((shopper, index) => expect(carts[index]).toHaveLength(won.has(shopper.id) ? 0 : 1));
    },
    3 * BURST_DEADLINE_MS,
  );
});
