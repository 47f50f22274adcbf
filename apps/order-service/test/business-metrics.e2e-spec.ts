import { randomUUID } from 'node:crypto';
import { http } from '../../../test/support/http';
import { AbandonedCartsCounter } from '../../cart-service/src/carts/abandoned-carts.counter';
import { type Shop, startShop } from './support/shop';
import { addToCart, createProduct, newShopper, placeOrder, placePaidOrder } from './support/shopping';

/** The value of one series on a service's /metrics, as Prometheus scrapes it (0 when absent). */
async function scraped(baseUrl: string, series: string): Promise<number> {
  const text = (await http(baseUrl, '/metrics')).text;
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('order-service and cart-service: the shop’s business metrics on /metrics', () => {
  let shop: Shop;

  beforeAll(async () => {
    shop = await startShop();
  });
  afterAll(async () => shop.close());

  it('after a paid order shows the checkout, the placed and paid order and its revenue', async () => {
    const shopper = newShopper();
    const product = await createProduct(shop, 5, 1250, 'Desk lamp');
    // An empty cart is no checkout: refused, and not counted.
    expect((await placeOrder(shop, shopper.token)).status).toBe(422);
    await addToCart(shop, shopper.token, product, 2);

    const order = await placePaidOrder(shop, shopper.token);

    expect(order).toMatchObject({ status: 'CONFIRMED', total: 2500, currency: 'EUR' });
    const orders = shop.order.baseUrl;
    expect(await scraped(orders, 'shop_checkouts_started_total')).toBe(1);
    expect(await scraped(orders, 'shop_orders_placed_total')).toBe(1);
    expect(await scraped(orders, 'shop_orders_paid_total{currency="EUR"}')).toBe(1);
    expect(await scraped(orders, 'shop_revenue_minor_total{currency="EUR"}')).toBe(2500);
    expect(await scraped(shop.cart.baseUrl, 'shop_carts_with_items_created_total')).toBe(1);
  });

  it('counts carts left with items as abandoned, and not the carts emptied by an order', async () => {
    const leaving = newShopper();
    const product = await createProduct(shop, 5, 990, `Mug ${randomUUID().slice(0, 4)}`);
    await addToCart(shop, leaving.token, product, 1);
    const counter = shop.cart.app.get(AbandonedCartsCounter);

    // Now nothing is old enough; two hours on (CART_ABANDONED_AFTER_MINUTES is 60) the cart left with an item is.
    expect(await counter.count(new Date())).toBe(0);
    expect(await counter.count(new Date(Date.now() + 2 * 3600_000))).toBe(1);
    expect(await scraped(shop.cart.baseUrl, 'shop_carts_abandoned')).toBe(1);
  });
});
