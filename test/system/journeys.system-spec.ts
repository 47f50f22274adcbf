import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import jwt from 'jsonwebtoken';
import { MongoClient, ObjectId } from 'mongodb';
import Stripe from 'stripe';
import { buildServices, type Platform, startPlatform } from '../../tools/platform/platform';
import { eventually, http } from '../support/http';
import { TcpProxy } from '../support/tcp-proxy';
import { ShopperClient } from './support/shopper-client';

const ADMIN = { email: 'system-admin@example.com', password: 'Journey-owner-passphrase-7' };
const ADDRESS = { name: 'Ada Shopper', line1: '1 Test Street', city: 'Berlin', postalCode: '10115', country: 'DE' };
const WEBHOOK_SECRET = 'whsec_system_journeys';

/** A Stripe `payment_intent.succeeded` event for an order, as Stripe sends it (the fields this platform reads). */
const paymentSucceeded = (orderId: string, amount: number) => ({
  id: `evt_${randomUUID().replace(/-/g, '')}`,
  type: 'payment_intent.succeeded',
  data: { object: { id: `pi_${orderId}`, amount, amount_received: amount, metadata: { orderId } } },
});

/**
 * The shopper's and the admin's journeys through the edge, with the four services as separate processes on
 * a database behind a cuttable proxy: what a client of the platform sees, failures included.
 */
describe('journeys through the edge', () => {
  let database: TcpProxy;
  let platform: Platform;
  let admin: ShopperClient;
  const products: Record<string, string> = {};

  const shopper = async (): Promise<ShopperClient> => {
    const client = new ShopperClient(
      platform.edgeUrl,
      `shopper-${randomUUID()}@example.com`,
      `Shopper-password-${randomUUID()}`,
    );
    expect((await client.register()).status).toBe(201);
    expect((await client.logIn()).status).toBe(200);
    return client;
  };

  const pay = (client: ShopperClient, orderId: string, paymentMethod = 'pm_card_visa') =>
    client.call(`/api/v1/orders/${orderId}/payment`, { method: 'POST', json: { paymentMethod } });

  /** Delivers a provider event to the webhook through the edge, signed as Stripe signs it. */
  const webhook = (event: object, secret = WEBHOOK_SECRET) => {
    const payload = JSON.stringify(event);
    return http(platform.edgeUrl, '/api/v1/payments/stripe/webhook', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }),
      },
      body: payload,
    });
  };

  /** How many times the order reached CONFIRMED in its history: once, whatever the order of answers. */
  const confirmations = async (client: ShopperClient, orderId: string): Promise<number> => {
    const order = (await client.call(`/api/v1/orders/${orderId}`)).json as { statusHistory: { status: string }[] };
    return order.statusHistory.filter((change) => change.status === 'CONFIRMED').length;
  };

  const passDeadline = async (orderId: string): Promise<void> => {
    const client = await MongoClient.connect(process.env.TEST_MONGODB_URI!);
    try {
      const orders = client.db(platform.databases['order-service']).collection('orders');
      const moved = await orders.updateOne(
        { _id: new ObjectId(orderId) },
        { $set: { 'payment.deadline': new Date(Date.now() - 1_000) } },
      );
      expect(moved.modifiedCount).toBe(1);
    } finally {
      await client.close();
    }
  };

  const createProduct = async (sku: string, price: number, stock: number, category: string): Promise<string> => {
    const created = await admin.call('/api/v1/products', {
      method: 'POST',
      json: {
        sku,
        name: `System ${sku}`,
        description: `A ${category} product for the journey`,
        price,
        currency: 'EUR',
        category,
        tags: ['system'],
      },
    });
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    expect((await admin.call(`/api/v1/products/${id}/stock`, { method: 'POST', json: { set: stock } })).status).toBe(
      200,
    );
    return id;
  };

  beforeAll(async () => {
    buildServices();
    database = TcpProxy.forMongoUri(process.env.TEST_MONGODB_URI!);
    await database.start();
    platform = await startPlatform(database.uriFor(process.env.TEST_MONGODB_URI!), {
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      BCRYPT_COST: '10',
      // Every simulated shopper comes from 127.0.0.1: the per-address login limit would otherwise stop the run.
      RATE_LIMIT_AUTH_MAX: '1000',
      CATALOG_CACHE_TTL_SECONDS: '1',
      HTTP_TIMEOUT_MS: '1000',
      BREAKER_RESET_TIMEOUT_MS: '2000',
      MONGODB_SERVER_SELECTION_TIMEOUT_MS: '1500',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The sandbox's own simulated webhooks come late here, so the journeys' deliveries are the ones tested.
      SANDBOX_EVENT_DELAY_MS: '60000',
      // The sweeper that cancels unpaid orders at their deadline runs every second here (30 s by default).
      ORDER_SWEEP_INTERVAL_MS: '1000',
    });
    admin = new ShopperClient(platform.edgeUrl, ADMIN.email, ADMIN.password);
    expect((await admin.logIn()).status).toBe(200);
    products.mug = await createProduct(`SYS-MUG-${randomUUID().slice(0, 6)}`, 1400, 20, 'kitchen');
    products.tee = await createProduct(`SYS-TEE-${randomUUID().slice(0, 6)}`, 2500, 10, 'apparel');
  }, 300_000);

  const readiness = () =>
    Promise.all(
      Object.values(platform.services).map(async (service) => (await http(service.url, '/health/ready')).status),
    );

  afterAll(async () => {
    await platform?.stop();
    await database?.cut();
  });

  it('a shopper searches, fills a cart, orders, finds the order, cancels it and sees the stock restored', async () => {
    const ada = await shopper();
    const search = await http(platform.edgeUrl, '/api/v1/products?category=kitchen&tags=system&pageSize=50');
    expect(search.status).toBe(200);
    expect((search.json.items as { id: string }[]).map((item) => item.id)).toContain(products.mug);
    expect((await http(platform.edgeUrl, `/api/v1/products/${products.tee}`)).json).toMatchObject({
      price: 2500,
      currency: 'EUR',
    });

    expect(
      (await ada.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.mug, quantity: 1 } })).status,
    ).toBe(201);
    expect(
      (await ada.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.tee, quantity: 1 } })).status,
    ).toBe(201);
    expect(
      (await ada.call(`/api/v1/cart/items/${products.mug}`, { method: 'PATCH', json: { quantity: 3 } })).status,
    ).toBe(200);
    expect((await ada.call(`/api/v1/cart/items/${products.tee}`, { method: 'DELETE' })).status).toBeLessThan(300);
    const cart = await ada.call('/api/v1/cart');
    expect(cart.json).toMatchObject({
      subtotal: 4200,
      currency: 'EUR',
      lines: [{ productId: products.mug, quantity: 3, lineTotal: 4200 }],
    });

    const placed = await ada.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(201);
    expect(placed.json).toMatchObject({
      status: 'PENDING_PAYMENT',
      total: 4200,
      currency: 'EUR',
      cartCleared: true,
      payment: { status: 'pending', provider: 'sandbox', amount: 4200, currency: 'EUR', refundedAmount: 0 },
    });
    const orderId = String(placed.json.id);
    expect((await ada.call('/api/v1/cart')).json).toMatchObject({ lines: [], subtotal: 0 });
    expect((await http(platform.edgeUrl, `/api/v1/products/${products.mug}`)).json.stock).toBe(17);

    // A declined card leaves the order waiting for its payment; another card pays it.
    const declined = await pay(ada, orderId, 'pm_card_chargeDeclinedInsufficientFunds');
    expect(declined.json).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
    expect(declined.json.order).toMatchObject({ status: 'PENDING_PAYMENT' });
    const paid = await pay(ada, orderId, 'pm_card_visa');
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect((await http(platform.edgeUrl, `/api/v1/products/${products.mug}`)).json.stock).toBe(17);

    const mine = await ada.call('/api/v1/orders');
    expect((mine.json.items as { id: string }[]).map((order) => order.id)).toEqual([orderId]);
    expect((await ada.call(`/api/v1/orders/${orderId}`)).json).toMatchObject({
      id: orderId,
      lines: [{ productId: products.mug, quantity: 3, unitPrice: 1400 }],
    });

    // Cancelled after payment: the stock goes back and the money too, in full.
    const cancelled = await ada.call(`/api/v1/orders/${orderId}/cancel`, { method: 'POST', json: {} });
    expect(cancelled.json).toMatchObject({ status: 'CANCELLED' });
    await eventually(async () => (await http(platform.edgeUrl, `/api/v1/products/${products.mug}`)).json.stock === 20);
    await eventually(async () => {
      const { payment } = (await ada.call(`/api/v1/orders/${orderId}`)).json as { payment: Record<string, unknown> };
      return payment.status === 'refunded' && payment.refundedAmount === 4200;
    });
  });

  it('an admin creates a product, adjusts its stock, moves an order to DELIVERED and lists all orders', async () => {
    const lamp = await createProduct(`SYS-LAMP-${randomUUID().slice(0, 6)}`, 5900, 3, 'home');
    expect(
      (await admin.call(`/api/v1/products/${lamp}/stock`, { method: 'POST', json: { increment: 2 } })).json,
    ).toMatchObject({ stock: 5 });
    const bob = await shopper();
    await bob.call('/api/v1/cart/items', { method: 'POST', json: { productId: lamp, quantity: 2 } });
    const order = await bob.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    expect(order.json.status).toBe('PENDING_PAYMENT');
    const unpaid = await admin.call(`/api/v1/orders/${String(order.json.id)}/status`, {
      method: 'PATCH',
      json: { status: 'CONFIRMED' },
    });
    expect(unpaid).toMatchObject({ status: 409, json: { code: 'INVALID_STATUS_TRANSITION' } });
    expect((await pay(bob, String(order.json.id))).json).toMatchObject({ order: { status: 'CONFIRMED' } });
    for (const status of ['SHIPPED', 'DELIVERED']) {
      const moved = await admin.call(`/api/v1/orders/${String(order.json.id)}/status`, {
        method: 'PATCH',
        json: { status, reason: 'system journey' },
      });
      expect(moved.json).toMatchObject({ status });
    }
    const all = await admin.call('/api/v1/orders?all=true');
    expect(all.status).toBe(200);
    expect((all.json.items as { id: string }[]).map((item) => item.id)).toContain(order.json.id);
  });

  it("shopper B can neither read nor change shopper A's cart or orders", async () => {
    const a = await shopper();
    const b = await shopper();
    await a.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.mug, quantity: 1 } });
    const order = await a.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    const orderId = String(order.json.id);
    expect((await b.call(`/api/v1/orders/${orderId}`)).status).toBe(404);
    expect((await b.call(`/api/v1/orders/${orderId}/cancel`, { method: 'POST', json: {} })).status).toBe(404);
    expect((await pay(b, orderId)).status).toBe(404);
    expect((await b.call('/api/v1/orders')).json.items).toEqual([]);
    expect((await b.call('/api/v1/cart')).json).toMatchObject({ lines: [] });
    expect((await a.call(`/api/v1/orders/${orderId}`)).json).toMatchObject({
      status: 'PENDING_PAYMENT',
      payment: { status: 'pending' },
    });
  });

  it("applies the provider's webhook once, whether it comes before or after the answer, and refuses forged ones", async () => {
    const frank = await shopper();
    await frank.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.tee, quantity: 1 } });
    const placed = await frank.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    const orderId = String(placed.json.id);
    const event = paymentSucceeded(orderId, 2500);
    const forged = await webhook(event, 'whsec_someone_else');
    expect(forged).toMatchObject({ status: 400, json: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
    expect((await frank.call(`/api/v1/orders/${orderId}`)).json.status).toBe('PENDING_PAYMENT');
    // Stripe's webhook arrives before the client's own answer, and then again (a redelivery).
    expect((await webhook(event)).status).toBe(200);
    expect((await webhook(event)).status).toBe(200);
    const paid = await pay(frank, orderId);
    expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect(await confirmations(frank, orderId)).toBe(1);

    // The other order: the client's answer first, Stripe's webhook after it.
    await frank.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.tee, quantity: 1 } });
    const second = await frank.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    const secondId = String(second.json.id);
    expect((await pay(frank, secondId)).json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
    expect((await webhook(paymentSucceeded(secondId, 2500))).status).toBe(200);
    expect(await confirmations(frank, secondId)).toBe(1);
  });

  it('an order left unpaid is cancelled at its deadline and its stock comes back', async () => {
    const rare = await createProduct(`SYS-RARE-${randomUUID().slice(0, 6)}`, 4200, 2, 'home');
    const gina = await shopper();
    await gina.call('/api/v1/cart/items', { method: 'POST', json: { productId: rare, quantity: 2 } });
    const placed = await gina.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    const orderId = String(placed.json.id);
    expect((await http(platform.edgeUrl, `/api/v1/products/${rare}`)).json.stock).toBe(0);
    // The deadline is PAYMENT_TIMEOUT_SECONDS (at least a minute) away: move it into the past instead of waiting.
    await passDeadline(orderId);
    await eventually(async () => (await gina.call(`/api/v1/orders/${orderId}`)).json.status === 'CANCELLED', 15_000);
    const history = (await gina.call(`/api/v1/orders/${orderId}`)).json.statusHistory as { reason?: string }[];
    expect(history.at(-1)).toMatchObject({ status: 'CANCELLED', by: 'order-service', reason: 'PAYMENT_EXPIRED' });
    await eventually(async () => (await http(platform.edgeUrl, `/api/v1/products/${rare}`)).json.stock === 2);
    const late = await pay(gina, orderId);
    expect(late).toMatchObject({ status: 409, json: { code: 'ORDER_NOT_PAYABLE', orderStatus: 'CANCELLED' } });
  });

  it('20 shoppers paying for the last 10 units get exactly 10 confirmed orders, and the stock ends at 0', async () => {
    const lastTen = await createProduct(`SYS-LAST-${randomUUID().slice(0, 6)}`, 990, 10, 'kitchen');
    const shoppers = await Promise.all(Array.from({ length: 20 }, () => shopper()));
    await Promise.all(
      shoppers.map((client) =>
        client.call('/api/v1/cart/items', { method: 'POST', json: { productId: lastTen, quantity: 1 } }),
      ),
    );
    const outcomes = await Promise.all(
      shoppers.map(async (client) => {
        const placed = await client.call('/api/v1/orders', {
          method: 'POST',
          headers: { 'idempotency-key': randomUUID() },
          json: { shippingAddress: ADDRESS },
        });
        if (placed.status !== 201) return String(placed.json.code);
        const paid = (await pay(client, String(placed.json.id))).json as { order: { status: string } };
        return paid.order.status;
      }),
    );
    expect(outcomes.filter((outcome) => outcome === 'CONFIRMED')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome === 'INSUFFICIENT_STOCK')).toHaveLength(10);
    expect((await http(platform.edgeUrl, `/api/v1/products/${lastTen}`)).json.stock).toBe(0);
  }, 120_000);

  it('a refreshed session carries on, and a reused refresh token kills the session', async () => {
    const carol = await shopper();
    const firstRefresh = carol.refreshToken;
    expect((await carol.refresh()).status).toBe(200);
    expect((await carol.call('/api/v1/cart')).status).toBe(200);
    // Someone replays the rotated token: the whole family is revoked, the legitimate client included.
    expect((await carol.refresh(firstRefresh)).status).toBe(401);
    expect((await carol.refresh()).status).toBe(401);
  });

  it('an access token that expires mid-journey is refreshed by the client, which carries on', async () => {
    const dave = await shopper();
    await dave.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.mug, quantity: 1 } });
    // Access tokens live for minutes; re-sign Dave's own claims as already expired, with the platform's key.
    const claims = jwt.decode(dave.accessToken, { complete: true })!;
    const { exp: _exp, iat: _iat, ...rest } = claims.payload as jwt.JwtPayload;
    const privateKey = readFileSync(platform.secrets.privateKeyFile, 'utf8');
    dave.accessToken = jwt.sign({ ...rest, exp: Math.floor(Date.now() / 1000) - 30 }, privateKey, {
      algorithm: 'ES256',
      keyid: claims.header.kid,
    });
    const expired = await http(platform.edgeUrl, '/api/v1/cart', { token: dave.accessToken });
    expect(expired.json.code).toBe('TOKEN_EXPIRED');
    const result = await dave.call('/api/v1/cart');
    expect(result.status).toBe(200);
    expect(result.json).toMatchObject({ lines: [{ productId: products.mug, quantity: 1 }] });
    expect(dave.refreshes).toBe(1);
  });

  it('with product-service stopped, cart writes get fast 503 problems; after a restart the journey finishes', async () => {
    const erin = await shopper();
    await platform.services['product-service'].stop();
    const started = Date.now();
    const add = await erin.call('/api/v1/cart/items', {
      method: 'POST',
      json: { productId: products.mug, quantity: 1 },
    });
    expect(add.status).toBe(503);
    expect(add.json.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(add.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(Date.now() - started).toBeLessThan(5_000);
    const catalog = await http(platform.edgeUrl, '/api/v1/products');
    expect(catalog).toMatchObject({ status: 503, json: { code: 'UPSTREAM_UNAVAILABLE' } });
    await platform.services['product-service'].start();
    await eventually(
      async () =>
        (await erin.call('/api/v1/cart/items', { method: 'POST', json: { productId: products.mug, quantity: 1 } }))
          .status === 201,
      15_000,
    );
    const order = await erin.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    expect(order.status).toBe(201);
  });

  it('with the database down, readiness is 503 everywhere; once it returns, every service recovers', async () => {
    await database.cut();
    await eventually(async () => (await readiness()).every((status) => status === 503));
    await database.start();
    await eventually(async () => (await readiness()).every((status) => status === 200), 40_000);
    expect((await http(platform.edgeUrl, `/api/v1/products/${products.mug}`)).status).toBe(200);
  });
});
