import { createServer, type Server, type Socket } from 'node:net';
import { getModelToken } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import { eventually, http, type HttpResult } from '../../../test/support/http';
import { startTestService, type TestService } from '../../../test/support/test-service';
import { cartService } from '../src/cart-service';
import { Cart, type CartDocument } from '../src/carts/schemas/cart.schema';
import { cartClient } from './support/cart-client';
import { randomObjectId, startCartUnderTest, type CartUnderTest } from './support/cart-under-test';

const TIMEOUT_MS = 400;
let env: CartUnderTest;

beforeAll(async () => {
  env = await startCartUnderTest({ HTTP_TIMEOUT_MS: String(TIMEOUT_MS), BREAKER_RESET_TIMEOUT_MS: '1000' });
});
afterAll(() => env?.close());

const breakerState = async (): Promise<number> => {
  const text = (await http(env.cart.baseUrl, '/metrics')).text;
  return Number(/^upstream_circuit_breaker_state\{upstream="product-service"\} (\d)/m.exec(text)?.[1]);
};

/** Calls that actually left cart-service for product-service, whatever their outcome. */
const callsToProductService = async (): Promise<number> => {
  const text = (await http(env.cart.baseUrl, '/metrics')).text;
  return [...text.matchAll(/^upstream_requests_total\{upstream="product-service",[^}]*\} (\d+)/gm)].reduce(
    (sum, match) => sum + Number(match[1]),
    0,
  );
};

async function timed(call: () => Promise<HttpResult>): Promise<HttpResult & { ms: number }> {
  const started = Date.now();
  const result = await call();
  return { ...result, ms: Date.now() - started };
}

function expectUnavailable(result: HttpResult): void {
  expect(result.status).toBe(503);
  expect(result.json).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'product-service' });
  expect(result.headers.get('retry-after')).toBe('1');
}

describe('cart-service while product-service is down', () => {
  it('shows the last known product data marked stale, refuses only the writes that need product-service', async () => {
    const mug = await env.upstreams.createProduct({ name: 'Mug', price: 1299 });
    const tea = await env.upstreams.createProduct({ name: 'Tea', price: 450 });
    const { api } = env.shopper();
    await api.add(mug, 2);
    await api.add(tea, 1);
    await env.upstreams.updateProduct(mug, { name: 'Mug v2', price: 1399 });
    expect((await api.view()).json).toMatchObject({ stale: false, subtotal: 2 * 1399 + 450 });

    await env.upstreams.stopProductService();
    const stale = await api.view();
    expect(stale.status).toBe(200);
    expect(stale.json).toMatchObject({ stale: true, subtotal: 2 * 1399 + 450, currency: 'EUR', itemCount: 3 });
    expect(stale.json.lines).toEqual([
      expect.objectContaining({ productId: mug, name: 'Mug v2', unitPrice: 1399, quantity: 2, available: false }),
      expect.objectContaining({ productId: tea, name: 'Tea', unitPrice: 450, quantity: 1, available: false }),
    ]);

    const add = await timed(() => api.add(tea, 1));
    expectUnavailable(add);
    expect(add.ms).toBeLessThan(TIMEOUT_MS);
    expectUnavailable(await api.setQuantity(mug, 3)); // raising needs a stock check
    const lowered = await api.setQuantity(mug, 1); // lowering does not
    expect(lowered).toMatchObject({ status: 200, json: { stale: true, itemCount: 2 } });
    expect((await api.remove(tea)).json).toMatchObject({ stale: true, itemCount: 1 });
    expect((await api.clear()).status).toBe(204);
  });

  it('opens the circuit after repeated failures, fails fast while open, and closes once product-service is back', async () => {
    await env.upstreams.stopProductService().catch(() => undefined);
    const productId = randomObjectId();
    const { api } = env.shopper();
    for (let attempt = 0; attempt < 6; attempt += 1) expectUnavailable(await api.add(productId, 1));
    expect(await breakerState()).toBe(2);
    const callsWhenOpened = await callsToProductService();
    const whileOpen = await timed(() => api.add(productId, 1));
    expectUnavailable(whileOpen);
    expect(whileOpen.ms).toBeLessThan(250);
    expect(await callsToProductService()).toBe(callsWhenOpened); // refused without trying

    await env.upstreams.restartProductService();
    const mug = await env.upstreams.createProduct({ name: 'Mug' });
    await eventually(async () => (await api.add(mug, 1)).status === 201, 10_000, 250);
    expect(await breakerState()).toBe(0);
    expect((await api.view()).json).toMatchObject({
      stale: false,
      lines: [expect.objectContaining({ name: 'Mug', available: true })],
    });
  });
});

describe('cart-service with a product-service that accepts connections but never answers', () => {
  let hanging: Server;
  const sockets: Socket[] = [];
  let cart: TestService;

  beforeAll(async () => {
    hanging = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    cart = await startTestService(cartService, {
      ...env.upstreams.cartEnvironment(),
      PRODUCT_SERVICE_URL: `http://127.0.0.1:${port}`,
      HTTP_TIMEOUT_MS: String(TIMEOUT_MS),
    });
  });
  afterAll(async () => {
    await cart?.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => hanging?.close(resolve));
  });

  it('answers within the configured timeout: a 503 for an add, the stale cart for a read', async () => {
    const shopper = env.shopper();
    const productId = randomObjectId();
    const carts = cart.app.get<Model<CartDocument>>(getModelToken(Cart.name));
    await carts.create({
      userId: shopper.sub,
      lines: [{ productId: new Types.ObjectId(productId), quantity: 2 }],
      snapshots: { [productId]: { sku: 'MUG', name: 'Mug', unitPrice: 500, currency: 'EUR' } },
      currency: 'EUR',
      expiresAt: new Date(Date.now() + 60_000),
    });
    const api = cartClient(cart.baseUrl, shopper.token);

    const add = await timed(() => api.add(productId, 1));
    expect(add.status).toBe(503);
    expect(add.json.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(add.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(add.ms).toBeLessThan(TIMEOUT_MS + 600);

    const read = await timed(() => api.view());
    expect(read.json).toMatchObject({
      stale: true,
      subtotal: 1000,
      lines: [expect.objectContaining({ name: 'Mug', quantity: 2 })],
    });
    expect(read.ms).toBeLessThan(TIMEOUT_MS + 600);
  });
});
