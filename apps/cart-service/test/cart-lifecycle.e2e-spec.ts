import { getModelToken } from '@nestjs/mongoose';
import { type Model } from 'mongoose';
import { eventually, http } from '../../../test/support/http';
import { Cart, type CartDocument } from '../src/carts/schemas/cart.schema';
import { quantities } from './support/cart-client';
import { startCartUnderTest, type CartUnderTest } from './support/cart-under-test';

const TTL_SECONDS = 3600;
let env: CartUnderTest;
let carts: Model<CartDocument>;

beforeAll(async () => {
  env = await startCartUnderTest({ CART_TTL_SECONDS: String(TTL_SECONDS), CART_MAX_QUANTITY_PER_LINE: '100' });
  carts = env.cart.app.get<Model<CartDocument>>(getModelToken(Cart.name));
});
afterAll(() => env?.close());

const metric = async (line: RegExp): Promise<number> => {
  const text = (await http(env.cart.baseUrl, '/metrics')).text;
  return Number(line.exec(text)?.[1] ?? 0);
};

describe('cart-service: concurrent changes lose nothing', () => {
  it('counts every one of 30 concurrent adds of the same product', async () => {
    const productId = await env.upstreams.createProduct({ stock: 1000 });
    const { api } = env.shopper();
    const results = await Promise.all(Array.from({ length: 30 }, () => api.add(productId, 2)));
    expect(results.map((result) => result.status)).toEqual(Array(30).fill(201));
    expect(quantities(await api.view())).toEqual({ [productId]: 60 });
  });

  it('lets exactly the stock through when concurrent adds compete for it', async () => {
    const productId = await env.upstreams.createProduct({ stock: 7 });
    const { api } = env.shopper();
    const results = await Promise.all(Array.from({ length: 20 }, () => api.add(productId, 1)));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(7);
    expect(statuses.filter((status) => status === 409)).toHaveLength(13);
    expect(results.find((result) => result.status === 409)?.json).toMatchObject({
      code: 'INSUFFICIENT_STOCK',
      available: 7,
    });
    expect(quantities(await api.view())).toEqual({ [productId]: 7 });
  });

  it('keeps every product when different products are added at once to a new cart', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, () => env.upstreams.createProduct()));
    const { sub, api } = env.shopper();
    const results = await Promise.all(ids.map((id) => api.add(id, 1)));
    expect(results.every((result) => result.status === 201)).toBe(true);
    expect(Object.keys(quantities(await api.view())).sort()).toEqual([...ids].sort());
    expect(await carts.countDocuments({ userId: sub })).toBe(1);
  });
});

describe('cart-service: idle carts expire', () => {
  it('declares a TTL index on expiresAt and moves expiresAt forward on every change', async () => {
    const indexes = await carts.collection.indexes();
    expect(indexes).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 })]),
    );
    const productId = await env.upstreams.createProduct();
    const { sub, api } = env.shopper();
    const before = Date.now();
    await api.add(productId, 1);
    const first = (await carts.findOne({ userId: sub }).lean())?.expiresAt as Date;
    expect(first.getTime()).toBeGreaterThanOrEqual(before + TTL_SECONDS * 1000);
    await carts.updateOne({ userId: sub }, { $set: { expiresAt: new Date(Date.now() + 1000) } });
    await api.setQuantity(productId, 2);
    const moved = (await carts.findOne({ userId: sub }).lean())?.expiresAt as Date;
    expect(moved.getTime()).toBeGreaterThanOrEqual(before + TTL_SECONDS * 1000);
    await api.view();
    expect((await carts.findOne({ userId: sub }).lean())?.expiresAt).toEqual(moved); // reading is not a change
  });

  it('removes a cart once its expiry passes', async () => {
    // The server's TTL monitor runs every 60 s; ask it for 1 s (the emulator sweeps every second anyway).
    await carts.db.db
      ?.admin()
      .command({ setParameter: 1, ttlMonitorSleepSecs: 1 })
      .catch(() => undefined);
    const productId = await env.upstreams.createProduct();
    const { sub, api } = env.shopper();
    await api.add(productId, 1);
    await carts.updateOne({ userId: sub }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await eventually(async () => (await carts.countDocuments({ userId: sub })) === 0, 10_000);
    expect((await api.view()).json).toMatchObject({ lines: [], updatedAt: null });
  });
});

describe('cart-service: business metrics', () => {
  it('counts carts created and changes by operation', async () => {
    const created = () => metric(/^carts_created_total (\d+)/m);
    const updates = (operation: string) =>
      metric(new RegExp(`^cart_updates_total\\{operation="${operation}"\\} (\\d+)`, 'm'));
    const [created0, add0, set0, remove0, clear0] = await Promise.all([
      created(),
      updates('add'),
      updates('set_quantity'),
      updates('remove'),
      updates('clear'),
    ]);
    const productId = await env.upstreams.createProduct();
    const { api } = env.shopper();
    await api.add(productId, 1);
    await api.add(productId, 1);
    await api.setQuantity(productId, 1);
    await api.remove(productId);
    await api.clear();
    expect(await created()).toBe(created0 + 1);
    expect(await updates('add')).toBe(add0 + 2);
    expect(await updates('set_quantity')).toBe(set0 + 1);
    expect(await updates('remove')).toBe(remove0 + 1);
    expect(await updates('clear')).toBe(clear0 + 1);
  });
});
