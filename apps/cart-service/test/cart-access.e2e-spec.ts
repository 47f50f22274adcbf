import { http } from '../../../test/support/http';
import { signTestToken } from '../../../test/support/keys';
import { quantities } from './support/cart-client';
import { startCartUnderTest, type CartUnderTest } from './support/cart-under-test';

let env: CartUnderTest;

beforeAll(async () => {
  env = await startCartUnderTest();
});
afterAll(() => env?.close());

describe('cart-service: only the owner reads or changes a cart', () => {
  it('keeps shopper A’s cart out of shopper B’s reach on every endpoint', async () => {
    const a = env.shopper();
    const b = env.shopper();
    const productId = await env.upstreams.createProduct({ price: 250 });
    await a.api.add(productId, 2);

    expect((await b.api.view()).json).toMatchObject({ userId: b.sub, lines: [] });
    expect((await b.api.setQuantity(productId, 5)).json.code).toBe('CART_LINE_NOT_FOUND');
    expect((await b.api.remove(productId)).json.code).toBe('CART_LINE_NOT_FOUND');
    expect((await b.api.clear()).status).toBe(204);
    expect((await b.api.add(productId, 1)).status).toBe(201);

    const own = await a.api.view();
    expect(own.json.userId).toBe(a.sub);
    expect(quantities(own)).toEqual({ [productId]: 2 });
    expect(quantities(await b.api.view())).toEqual({ [productId]: 1 });
  });

  it('needs a shopper token: none is a 401, a service token a 403, an admin has a cart of their own', async () => {
    const anonymous = await http(env.cart.baseUrl, '/api/v1/cart');
    expect(anonymous).toMatchObject({ status: 401, json: { code: 'AUTHENTICATION_REQUIRED' } });
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    const service = await http(env.cart.baseUrl, '/api/v1/cart', {
      token: signTestToken({ sub: 'order-service', roles: ['service'] }),
    });
    expect(service).toMatchObject({ status: 403, json: { code: 'FORBIDDEN' } });
    const admin = await http(env.cart.baseUrl, '/api/v1/cart', { token: signTestToken({ roles: ['admin'] }) });
    expect(admin.status).toBe(200);
  });
});

describe('cart-service: bad input is a clear 400 and changes nothing', () => {
  let owner: ReturnType<CartUnderTest['shopper']>;
  let productId: string;

  beforeAll(async () => {
    owner = env.shopper();
    productId = await env.upstreams.createProduct();
    await owner.api.add(productId, 1);
  });
  afterEach(async () => expect(quantities(await owner.api.view())).toEqual({ [productId]: 1 }));

  it.each([
    ['a malformed productId', { productId: 'not-an-id' }],
    ['a productId with an operator', { productId: { $ne: null } }],
    ['quantity 0', { quantity: 0 }],
    ['a negative quantity', { quantity: -2 }],
    ['a fractional quantity', { quantity: 1.5 }],
    ['an absurd quantity', { quantity: 1_000_000 }],
    ['a quantity as text', { quantity: '2' }],
    ['no quantity', { quantity: undefined }],
    ['an unknown field', { price: 1 }],
  ])('POST /cart/items with %s', async (_case, override) => {
    const body = { productId, quantity: 1, ...override };
    const result = await http(env.cart.baseUrl, '/api/v1/cart/items', {
      method: 'POST',
      token: owner.token,
      json: body,
    });
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('application/problem+json');
    expect(result.json.code).toBe('VALIDATION_FAILED');
  });

  it('PATCH and DELETE with a malformed id, quantity or an unknown field', async () => {
    expect((await owner.api.setQuantity('123', 1)).json.code).toBe('VALIDATION_FAILED');
    for (const quantity of [0, -1, 5000, 2.5, null])
      expect((await owner.api.setQuantity(productId, quantity)).status).toBe(400);
    const extra = await http(env.cart.baseUrl, `/api/v1/cart/items/${productId}`, {
      method: 'PATCH',
      token: owner.token,
      json: { quantity: 2, productId },
    });
    expect(extra).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED' } });
    expect((await owner.api.remove('zzzzzzzzzzzzzzzzzzzzzzzz')).status).toBe(400);
  });

  it('a body that is not JSON', async () => {
    const malformed = await http(env.cart.baseUrl, '/api/v1/cart/items', {
      method: 'POST',
      token: owner.token,
      headers: { 'content-type': 'application/json' },
      body: '{"productId":',
    });
    expect(malformed).toMatchObject({ status: 400, json: { code: 'MALFORMED_JSON' } });
  });
});

describe('cart-service: OpenAPI document', () => {
  it('documents every cart operation with its success and problem responses', async () => {
    const doc = await http(env.cart.baseUrl, '/docs/cart-service/openapi.json');
    const paths = doc.json.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    const statuses = (path: string, method: string) => Object.keys(paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/api/v1/cart', 'get')).toEqual(['200', '401', '403', '429', '500', '503']);
    expect(statuses('/api/v1/cart', 'delete')).toEqual(['204', '401', '403', '429', '500', '503']);
    expect(statuses('/api/v1/cart/items', 'post')).toEqual([
      '201',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '500',
      '503',
    ]);
    expect(statuses('/api/v1/cart/items/{productId}', 'patch')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '500',
      '503',
    ]);
    expect(statuses('/api/v1/cart/items/{productId}', 'delete')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '429',
      '500',
      '503',
    ]);
    expect(paths['/api/v1/cart/items'].post.responses['409']).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
    const schemas = (doc.json.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['CartView', 'CartLineView', 'AddCartItemDto', 'Problem']),
    );
  });
});
