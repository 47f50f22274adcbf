import { http, type HttpResult } from '../../../test/support/http';
import { signTestToken } from '../../../test/support/keys';
import { quantities } from './support/cart-client';
import { type CartUnderTest, randomObjectId, startCartUnderTest } from './support/cart-under-test';

let env: CartUnderTest;

beforeAll(async () => {
  env = await startCartUnderTest();
});
afterAll(() => env?.close());

const serviceToken = signTestToken({ sub: 'order-service', roles: ['service'], scope: 'stock:reserve cart:clear' });

function clearOrdered(userId: string, body: unknown, token: string | null = serviceToken): Promise<HttpResult> {
  const path = `/internal/v1/carts/${userId}/clear-ordered`;
  return http(env.cart.baseUrl, path, { method: 'POST', token: token ?? undefined, json: body });
}

describe('cart-service: order-service clears ordered lines with its service token', () => {
  it('accepts only a service token with cart:clear: none is a 401, a shopper’s or a catalog reader’s a 403, and nothing changes', async () => {
    const shopper = env.shopper();
    const productId = await env.upstreams.createProduct();
    await shopper.api.add(productId, 1);
    const body = { lines: [{ productId, quantity: 1 }] };

    expect(await clearOrdered(shopper.sub, body, null)).toMatchObject({
      status: 401,
      json: { code: 'AUTHENTICATION_REQUIRED' },
    });
    expect(await clearOrdered(shopper.sub, body, shopper.token)).toMatchObject({
      status: 403,
      json: { code: 'FORBIDDEN' },
    });
    const admin = signTestToken({ sub: randomObjectId(), roles: ['admin'] });
    expect((await clearOrdered(shopper.sub, body, admin)).status).toBe(403);
    // cart-service's own kind of token (catalog reads) lacks cart:clear.
    const reader = signTestToken({ sub: 'cart-service', roles: ['service'], scope: 'products:read' });
    expect(await clearOrdered(shopper.sub, body, reader)).toMatchObject({ status: 403, json: { code: 'FORBIDDEN' } });
    expect(quantities(await shopper.api.view())).toEqual({ [productId]: 1 });

    expect((await clearOrdered(shopper.sub, body)).status).toBe(204);
    expect((await shopper.api.view()).json).toMatchObject({ lines: [], itemCount: 0 });
  });

  it('removes only what the order covers: raised lines and products added since stay', async () => {
    const shopper = env.shopper();
    const [mug, tea, lamp, pen] = await Promise.all([1, 2, 3, 4].map(() => env.upstreams.createProduct()));
    await shopper.api.add(mug, 2); // ordered 2: removed
    await shopper.api.add(tea, 1); // ordered 3, lowered since: removed
    await shopper.api.add(lamp, 3); // ordered 2, raised since: the shopper's, stays
    await shopper.api.add(pen, 1); // not ordered: stays

    const cleared = await clearOrdered(shopper.sub, {
      lines: [
        { productId: mug, quantity: 2 },
        { productId: tea, quantity: 3 },
        { productId: lamp, quantity: 2 },
      ],
    });

    expect(cleared.status).toBe(204);
    const cart = await shopper.api.view();
    expect(quantities(cart)).toEqual({ [lamp]: 3, [pen]: 1 });
    expect(cart.json).toMatchObject({ subtotal: 4000, itemCount: 4, stale: false });
  });

  it('is idempotent: a retry removes nothing more, and a shopper without a cart is a 204 too', async () => {
    const shopper = env.shopper();
    const [mug, tea] = await Promise.all([env.upstreams.createProduct(), env.upstreams.createProduct()]);
    await shopper.api.add(mug, 1);
    const order = { lines: [{ productId: mug.toUpperCase(), quantity: 1 }] };

    expect((await clearOrdered(shopper.sub, order)).status).toBe(204);
    await shopper.api.add(tea, 2);
    expect((await clearOrdered(shopper.sub, order)).status).toBe(204);
    expect(quantities(await shopper.api.view())).toEqual({ [tea]: 2 });

    const stranger = env.shopper();
    expect((await clearOrdered(stranger.sub, order)).status).toBe(204);
    expect((await stranger.api.view()).json).toMatchObject({ lines: [], updatedAt: null });
  });

  it.each([
    ['a malformed userId', 'not-a-user', { lines: [{ productId: randomObjectId(), quantity: 1 }] }],
    ['no lines', randomObjectId(), { lines: [] }],
    ['a null line list', randomObjectId(), { lines: null }],
    ['quantity 0', randomObjectId(), { lines: [{ productId: randomObjectId(), quantity: 0 }] }],
    ['a malformed productId', randomObjectId(), { lines: [{ productId: 'nope', quantity: 1 }] }],
    ['an unknown field', randomObjectId(), { lines: [{ productId: randomObjectId(), quantity: 1 }], all: true }],
  ])('refuses %s with a 400', async (_case, userId, body) => {
    const refused = await clearOrdered(userId, body);
    expect(refused).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses an order naming one product twice, and leaves the cart alone', async () => {
    const shopper = env.shopper();
    const mug = await env.upstreams.createProduct();
    await shopper.api.add(mug, 1);
    const twice = {
      lines: [
        { productId: mug, quantity: 1 },
        { productId: mug, quantity: 1 },
      ],
    };
    expect((await clearOrdered(shopper.sub, twice)).status).toBe(400);
    expect(quantities(await shopper.api.view())).toEqual({ [mug]: 1 });
  });
});
