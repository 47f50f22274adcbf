import { http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import {
  adminGet,
  createProduct,
  expectProblem,
  productBody,
  startProductService,
  stockOf,
  tokens,
} from './product-test-kit';

describe('product-service: admin catalog management', () => {
  let service: TestService;
  // token '' sends none (undefined would fall back to the admin default)
  const call = (method: string, path: string, json?: unknown, token: string = tokens.admin, headers = {}) =>
    http(service.baseUrl, `/api/v1/products${path}`, { method, json, token, headers });

  beforeAll(async () => (service = await startProductService()));
  afterAll(async () => service.close());

  describe('access', () => {
    let id: string;
    beforeAll(async () => (id = (await createProduct(service)).id));
    const endpoints = (): [string, string, unknown][] => [
      ['POST', '', productBody()],
      ['PUT', `/${id}`, productBody()],
      ['PATCH', `/${id}`, { name: 'x' }],
      ['DELETE', `/${id}`, undefined],
      ['POST', `/${id}/stock`, { increment: 1 }],
    ];

    it('refuses anonymous callers with 401, customers and services with 403, on every admin endpoint', async () => {
      for (const [method, path, body] of endpoints()) {
        expectProblem(await call(method, path, body, ''), 401, 'AUTHENTICATION_REQUIRED');
        expectProblem(await call(method, path, body, tokens.customer), 403, 'FORBIDDEN');
        expectProblem(await call(method, path, body, tokens.service), 403, 'FORBIDDEN');
      }
      const unchanged = await adminGet(service, id);
      expect(unchanged.json).toMatchObject({ name: 'Organic cotton T-shirt', stock: 10, active: true, version: 0 });
    });
  });

  describe('create', () => {
    it('creates a product with defaults, an upper-case sku and a Location header', async () => {
      const result = await call('POST', '', {
        sku: 'new-sku-1',
        name: '  Canvas tote  ',
        price: 1900,
        currency: 'EUR',
        category: 'Accessories',
      });
      expect(result.status).toBe(201);
      expect(result.json).toMatchObject({
        sku: 'NEW-SKU-1',
        name: 'Canvas tote',
        description: '',
        stock: 0,
        inStock: false,
        category: 'accessories',
        tags: [],
        images: [],
        active: true,
        version: 0,
      });
      expect(result.headers.get('location')).toBe(`/api/v1/products/${result.json.id as string}`);
      expect((await http(service.baseUrl, result.headers.get('location')!)).status).toBe(200);
    });

    it('refuses a duplicate sku, whatever its case, with 409 PRODUCT_SKU_EXISTS', async () => {
      await createProduct(service, { sku: 'DUP-1' });
      const again = await call('POST', '', productBody({ sku: 'dup-1' }));
      expectProblem(again, 409, 'PRODUCT_SKU_EXISTS');
      expect(again.json.sku).toBe('DUP-1');
    });

    it.each([
      ['an unknown field', { role: 'admin' }, 'role'],
      ['a client-chosen version', { version: 7 }, 'version'],
      ['internal fields', { holds: [] }, 'holds'],
      ['a negative price', { price: -1 }, 'price'],
      ['a fractional price', { price: 19.99 }, 'price'],
      ['a price as text', { price: '2500' }, 'price'],
      ['an absurd price', { price: 1e12 }, 'price'],
      ['a negative stock', { stock: -5 }, 'stock'],
      ['a fractional stock', { stock: 1.5 }, 'stock'],
      ['an unknown currency', { currency: 'XXY' }, 'currency'],
      ['a lower-case currency', { currency: 'eur' }, 'currency'],
      ['a sku with spaces', { sku: 'A B' }, 'sku'],
      ['an empty name', { name: '   ' }, 'name'],
      ['a null description', { description: null }, 'description'],
      ['an image that is not a URL', { images: ['javascript:alert(1)'] }, 'images'],
      ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      ['a non-boolean active', { active: 'yes' }, 'active'],
    ])('refuses %s with 400 naming the field', async (_label, change, field) => {
      const result = await call('POST', '', productBody(change));
      expectProblem(result, 400, 'VALIDATION_FAILED');
      expect((result.json.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    });

    it('refuses a missing required field and operators in the body', async () => {
      const { sku: _sku, ...withoutSku } = productBody();
      expectProblem(await call('POST', '', withoutSku), 400, 'VALIDATION_FAILED');
      expectProblem(await call('POST', '', productBody({ name: { $ne: null } })), 400, 'VALIDATION_FAILED');
    });
  });

  describe('update', () => {
    it('replaces every catalog field with PUT, resetting omitted optional ones', async () => {
      const product = await createProduct(service, { tags: ['a'], description: 'old' });
      const result = await call('PUT', `/${product.id}`, {
        sku: product.sku,
        name: 'Renamed',
        price: 3100,
        currency: 'USD',
        category: 'kitchen',
      });
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({
        name: 'Renamed',
        price: 3100,
        currency: 'USD',
        description: '',
        tags: [],
        images: [],
        active: true,
        stock: 10,
        version: 1,
      });
    });

    it('refuses stock in PUT and PATCH (it changes only through the stock endpoint)', async () => {
      const product = await createProduct(service);
      expectProblem(await call('PUT', `/${product.id}`, productBody({ sku: product.sku })), 400, 'VALIDATION_FAILED');
      expectProblem(await call('PATCH', `/${product.id}`, { stock: 99 }), 400, 'VALIDATION_FAILED');
      expect(await stockOf(service, product.id)).toBe(10);
    });

    it('changes only the given fields with PATCH and counts versions', async () => {
      const product = await createProduct(service, { price: 1000 });
      const result = await call('PATCH', `/${product.id}`, { price: 1200, tags: ['Sale'] });
      expect(result.json).toMatchObject({ price: 1200, tags: ['sale'], name: 'Organic cotton T-shirt', version: 1 });
      expect((await call('PATCH', `/${product.id}`, { name: 'Again' })).json.version).toBe(2);
    });

    it.each([
      ['an empty body', {}],
      ['a null price', { price: null }],
      ['a negative price', { price: -10 }],
      ['an unknown field', { colour: 'red' }],
    ])('refuses a PATCH with %s and changes nothing', async (_label, body) => {
      const product = await createProduct(service);
      expectProblem(await call('PATCH', `/${product.id}`, body), 400, 'VALIDATION_FAILED');
      expect((await adminGet(service, product.id)).json).toMatchObject({ price: 2500, version: 0 });
    });

    it('refuses renaming to a sku another product has with 409', async () => {
      const taken = await createProduct(service);
      const other = await createProduct(service);
      expectProblem(await call('PATCH', `/${other.id}`, { sku: taken.sku }), 409, 'PRODUCT_SKU_EXISTS');
      expectProblem(
        await call('PUT', `/${other.id}`, productBody({ sku: taken.sku, stock: undefined })),
        409,
        'PRODUCT_SKU_EXISTS',
      );
    });

    it('honours If-Match: a stale version is refused with 412 and nothing changes', async () => {
      const product = await createProduct(service);
      const fresh = await call('PATCH', `/${product.id}`, { price: 2600 }, tokens.admin, { 'if-match': '"0"' });
      expect(fresh.json).toMatchObject({ price: 2600, version: 1 });
      const stale = await call('PATCH', `/${product.id}`, { price: 9999 }, tokens.admin, { 'if-match': '"0"' });
      expectProblem(stale, 412, 'PRODUCT_VERSION_MISMATCH');
      expect(stale.json.currentVersion).toBe(1);
      expectProblem(
        await call('DELETE', `/${product.id}`, undefined, tokens.admin, { 'if-match': '0' }),
        412,
        'PRODUCT_VERSION_MISMATCH',
      );
      expectProblem(
        await call('PATCH', `/${product.id}`, { price: 1 }, tokens.admin, { 'if-match': 'abc' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await adminGet(service, product.id)).json).toMatchObject({ price: 2600, active: true, version: 1 });
    });

    it('answers 404 for an unknown product and 400 for a malformed id', async () => {
      const unknown = '65a0000000000000000000ff';
      expectProblem(await call('PATCH', `/${unknown}`, { price: 1 }), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await call('PUT', `/${unknown}`, productBody({ stock: undefined })), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await call('DELETE', `/${unknown}`), 404, 'PRODUCT_NOT_FOUND');
      expectProblem(await call('POST', `/${unknown}/stock`, { set: 1 }), 404, 'PRODUCT_NOT_FOUND');
      for (const [method, path] of [
        ['PATCH', '/123'],
        ['PUT', '/123'],
        ['DELETE', '/123'],
        ['POST', '/123/stock'],
      ])
        expectProblem(await call(method, path, method === 'DELETE' ? undefined : { set: 1 }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('deactivate', () => {
    it('soft-deletes: hidden from the public at once, kept for admins, idempotent, reversible', async () => {
      const product = await createProduct(service);
      expect((await http(service.baseUrl, `/api/v1/products/${product.id}`)).status).toBe(200);
      expect((await call('DELETE', `/${product.id}`)).status).toBe(204);
      expectProblem(await http(service.baseUrl, `/api/v1/products/${product.id}`), 404, 'PRODUCT_NOT_FOUND');
      expect((await adminGet(service, product.id)).json).toMatchObject({ active: false, version: 1 });
      expect((await call('DELETE', `/${product.id}`)).status).toBe(204);
      expect((await adminGet(service, product.id)).json.version).toBe(1);
      expect((await call('PATCH', `/${product.id}`, { active: true })).status).toBe(200);
      expect((await http(service.baseUrl, `/api/v1/products/${product.id}`)).status).toBe(200);
    });
  });

  describe('stock', () => {
    const stock = (id: string, body: unknown) => call('POST', `/${id}/stock`, body);

    it('sets and increments stock, and refuses a decrement below zero with 409 and nothing changed', async () => {
      const product = await createProduct(service, { stock: 3 });
      expect((await stock(product.id, { set: 40 })).json).toMatchObject({ stock: 40, version: 1 });
      expect((await stock(product.id, { increment: 5 })).json).toMatchObject({ stock: 45, version: 2 });
      expect((await stock(product.id, { increment: -45 })).json).toMatchObject({ stock: 0, inStock: false });
      const refused = await stock(product.id, { increment: -1 });
      expectProblem(refused, 409, 'INSUFFICIENT_STOCK');
      expect(refused.json).toMatchObject({ available: 0, requested: 1 });
      expect(await stockOf(service, product.id)).toBe(0);
    });

    it.each([
      ['a negative level', { set: -1 }],
      ['a fractional level', { set: 1.5 }],
      ['both set and increment', { set: 1, increment: 1 }],
      ['neither', {}],
      ['a zero increment', { increment: 0 }],
      ['an absurd increment', { increment: 1e9 }],
      ['an unknown field', { delta: 1 }],
    ])('refuses %s with 400', async (_label, body) => {
      const product = await createProduct(service);
      expectProblem(await stock(product.id, body), 400, 'VALIDATION_FAILED');
      expect(await stockOf(service, product.id)).toBe(10);
    });

    it('never goes below zero under concurrent decrements', async () => {
      const product = await createProduct(service, { stock: 10 });
      const results = await Promise.all(Array.from({ length: 25 }, () => stock(product.id, { increment: -1 })));
      expect(results.filter((result) => result.status === 200)).toHaveLength(10);
      expect(results.filter((result) => result.status === 409)).toHaveLength(15);
      expect(await stockOf(service, product.id)).toBe(0);
    });
  });
});
