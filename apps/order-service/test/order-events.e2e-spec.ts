import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { type EventEnvelope, type OrderEventPayload } from '@app/messaging';
import { brokerAdmin, busFor, testAmqpUrl } from '../../../libs/messaging/src/messaging-fixture';
import { http } from '../../../test/support/http';
import { TcpProxy } from '../../../test/support/tcp-proxy';
import { type Shop, startShop } from './support/shop';
import {
  addToCart,
  adminToken,
  createProduct,
  newShopper,
  ordersCollection,
  payOrder,
  placeOrder,
} from './support/shopping';

type OrderEvent = EventEnvelope<OrderEventPayload>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(read: () => T, ok: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!ok(read()) && Date.now() < deadline) await sleep(50);
  return read();
}

/**
 * order-service against a real RabbitMQ, through a TCP proxy the tests cut to take the broker away; a
 * consumer of the test's own (every order.* and payment.* event) records what was published.
 */
describe('order-service publishes order and payment events (outbox)', () => {
  const exchange = `test.order-events.${randomUUID()}`;
  const queue = `test-${randomUUID()}.all-order-events`;
  const { hostname, port } = new URL(testAmqpUrl());
  const broker = new TcpProxy(hostname, Number(port || 5672));
  const listener = busFor({ exchange });
  const received: OrderEvent[] = [];
  let shop: Shop;
  let product: string;

  const eventsOf = (orderId: string) => received.filter((event) => event.payload.orderId === orderId);
  const typesOf = (orderId: string) => eventsOf(orderId).map((event) => event.type);
  const outboxOf = async (orderId: string) =>
    ((await ordersCollection(shop).findOne({ _id: new Types.ObjectId(orderId) }))?.outbox ?? []) as unknown[];

  async function placeNew(quantity = 2) {
    const shopper = newShopper();
    await addToCart(shop, shopper.token, product, quantity);
    const placed = await placeOrder(shop, shopper.token);
    if (placed.status !== 201) throw new Error(`order not placed: ${placed.status} ${placed.text}`);
    return { shopper, id: placed.json.id as string, number: placed.json.number as string };
  }

  beforeAll(async () => {
    await broker.start();
    await listener.consumer.subscribe({
      queue,
      patterns: ['order.*', 'payment.*'],
      handle: async (event) => void received.push(event as OrderEvent),
    });
    await until(() => listener.consumer.isConsuming, Boolean);
    const amqpUrl = new URL(testAmqpUrl());
    amqpUrl.host = `127.0.0.1:${broker.port}`;
    shop = await startShop({ order: { AMQP_URL: amqpUrl.toString(), AMQP_EXCHANGE: exchange } });
    product = await createProduct(shop, 1000, 1250, 'Enamel mug');
  });

  afterAll(async () => {
    await shop.close();
    await broker.cut();
    await listener.close();
    const admin = await brokerAdmin();
    await admin.remove(exchange, [queue], listener.config.retryBaseMs, listener.config.maxAttempts);
    await admin.close();
  });

  it('publishes order.placed with the lines and totals, then order.paid, each once, and empties the outbox', async () => {
    const { shopper, id, number } = await placeNew(2);
    expect((await payOrder(shop, shopper.token, id)).json.status).toBe('succeeded');

    await until(
      () => typesOf(id),
      (types) => types.length >= 2,
    );
    await sleep(300);
    expect(typesOf(id)).toEqual(['order.placed', 'order.paid']);
    const [placed, paid] = eventsOf(id);
    expect(placed).toMatchObject({
      id: `${id}:order.placed`,
      version: 1,
      source: 'order-service',
      payload: {
        orderId: id,
        number,
        userId: shopper.id,
        status: 'PENDING_PAYMENT',
        currency: expect.stringMatching(/^[A-Z]{3}$/),
        subtotal: 2500,
        total: 2500,
        lines: [{ sku: expect.any(String), name: 'Enamel mug', unitPrice: 1250, quantity: 2, lineTotal: 2500 }],
        paid: false,
        paymentDeadline: expect.any(String),
      },
    });
    expect(paid).toMatchObject({ id: `${id}:order.paid`, payload: { status: 'CONFIRMED', paid: true } });
    expect(await outboxOf(id)).toEqual([]);
  });

  it('publishes order.cancelled with who and why, and payment.refunded, when a shopper cancels a paid order', async () => {
    const { shopper, id } = await placeNew(1);
    await payOrder(shop, shopper.token, id);
    const cancelled = await http(shop.order.baseUrl, `/api/v1/orders/${id}/cancel`, {
      method: 'POST',
      token: shopper.token,
      json: { reason: 'Ordered the wrong size' },
    });
    expect(cancelled.status).toBe(200);

    await until(
      () => typesOf(id),
      (types) => types.includes('payment.refunded'),
    );
    const cancelledEvent = eventsOf(id).find((event) => event.type === 'order.cancelled');
    expect(cancelledEvent?.payload).toMatchObject({
      status: 'CANCELLED',
      reason: 'Ordered the wrong size',
      cancelledBy: 'shopper',
      paid: true,
    });
    expect(eventsOf(id).find((event) => event.type === 'payment.refunded')?.payload).toMatchObject({
      refundedAmount: 1250,
      paid: true,
    });
  });

  it('publishes order.shipped and order.delivered as an admin moves the order', async () => {
    const { shopper, id } = await placeNew(1);
    await payOrder(shop, shopper.token, id);
    const admin = adminToken();
    for (const status of ['SHIPPED', 'DELIVERED'])
      expect(
        (
          await http(shop.order.baseUrl, `/api/v1/orders/${id}/status`, {
            method: 'PATCH',
            token: admin,
            json: { status },
          })
        ).status,
      ).toBe(200);

    await until(
      () => typesOf(id),
      (types) => types.length >= 4,
    );
    expect(typesOf(id)).toEqual(['order.placed', 'order.paid', 'order.shipped', 'order.delivered']);
  });

  it('keeps taking orders while the broker is away, and publishes what waited once it is back', async () => {
    await broker.cut();
    const { shopper, id } = await placeNew(1);
    expect((await payOrder(shop, shopper.token, id)).json.status).toBe('succeeded');
    await sleep(1_500);
    expect(typesOf(id)).toEqual([]);
    expect((await outboxOf(id)).length).toBe(2);
    const metrics = (await http(shop.order.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/^outbox_pending_events [1-9]/m);
    expect(metrics).toMatch(/^messaging_connected 0/m);

    await broker.start(broker.port);
    await until(
      () => typesOf(id),
      (types) => types.length >= 2,
      30_000,
    );
    expect(typesOf(id)).toEqual(['order.placed', 'order.paid']);
    expect(await outboxOf(id)).toEqual([]);
  });
});
