import { http, type HttpResult } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import { createProduct, type CreatedProduct, expectProblem, startProductService, tokens } from './product-test-kit';

const PUBLIC = 'public, max-age=30, stale-while-revalidate=60';
const PRIVATE = 'private, no-store';
const STRONG_ETAG = /^"[A-Za-z0-9_-]{22}"$/;

/** The headers a catalog read answers with, as a shared cache (CDN) and a browser see them. */
const caching = (result: HttpResult) => ({
  status: result.status,
  cacheControl: result.headers.get('cache-control'),
  vary: result.headers.get('vary'),
  etag: result.headers.get('etag'),
});

describe('product-service: HTTP caching of catalog reads (ETag, 304, Cache-Control)', () => {
  let service: TestService;
  let product: CreatedProduct;
  const CATEGORY = '?category=http-cache';
  const get = (path: string, init: { token?: string; headers?: Record<string, string>; method?: string } = {}) =>
    http(service.baseUrl, `/api/v1/products${path}`, init);

  beforeAll(async () => {
    service = await startProductService();
    product = await createProduct(service, { category: 'http-cache', price: 1000 });
  });
  afterAll(async () => service.close());

  it('answers anonymous reads cacheable by shared caches, with a strong ETag and the JSON bytes as before', async () => {
    for (const path of [CATEGORY, `/${product.id}`]) {
      const first = await get(path);
      expect(caching(first)).toEqual({
        status: 200,
        cacheControl: PUBLIC,
        vary: 'Authorization',
        etag: expect.any(String),
      });
      expect(first.headers.get('etag')).toMatch(STRONG_ETAG);
      expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(first.text).toBe(JSON.stringify(first.json)); // compact JSON, exactly what serialising the view gives
      const again = await get(path); // from the cache: same bytes, same tag
      expect(again.text).toBe(first.text);
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    }
    expect((await get(`/${product.id}`)).json).toMatchObject({ id: product.id, price: 1000 });
  });

  it('answers 304 with no body when If-None-Match names the current ETag (weak, listed or *)', async () => {
    for (const path of [CATEGORY, `/${product.id}`]) {
      const { headers } = await get(path);
      const etag = headers.get('etag')!;
      for (const ifNoneMatch of [etag, `W/${etag}`, `"stale", ${etag}`, '*']) {
        const revalidated = await get(path, { headers: { 'if-none-match': ifNoneMatch } });
        expect(caching(revalidated)).toEqual({ status: 304, cacheControl: PUBLIC, vary: 'Authorization', etag });
        expect(revalidated.text).toBe('');
      }
      const head = await get(path, { method: 'HEAD', headers: { 'if-none-match': etag } });
      expect(head.status).toBe(304);
    }
  });

  it('answers the full page for a tag that is not current, and ignores a malformed If-None-Match', async () => {
    const current = await get(`/${product.id}`);
    for (const ifNoneMatch of [
      '"not-the-tag"',
      current.headers.get('etag')!.slice(1, -1), // unquoted
      `${current.headers.get('etag')} trailing garbage`,
      '"unterminated',
      `"x", ${'"y", '.repeat(1_000)}${current.headers.get('etag')}`, // far too long
      ',,,',
    ]) {
      const answer = await get(`/${product.id}`, { headers: { 'if-none-match': ifNoneMatch } });
      expect(caching(answer)).toEqual(caching(current));
      expect(answer.text).toBe(current.text);
    }
  });

  it('gives a new ETag (and 200 to the old one) after an admin change or a stock change', async () => {
    const paths = [CATEGORY, `/${product.id}`];
    const before = await Promise.all(paths.map(async (path) => (await get(path)).headers.get('etag')!));

    const patched = await http(service.baseUrl, `/api/v1/products/${product.id}`, {
      method: 'PATCH',
      token: tokens.admin,
      json: { price: 1100 },
    });
    expect(patched.status).toBe(200);
    const afterPatch = await Promise.all(
      paths.map((path, index) => get(path, { headers: { 'if-none-match': before[index] } })),
    );
    for (const [index, answer] of afterPatch.entries()) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('etag')).toMatch(STRONG_ETAG);
      expect(answer.headers.get('etag')).not.toBe(before[index]);
    }
    expect(afterPatch[1].json.price).toBe(1100);

    const stocked = await http(service.baseUrl, `/api/v1/products/${product.id}/stock`, {
      method: 'POST',
      token: tokens.admin,
      json: { increment: 5 },
    });
    expect(stocked.status).toBe(200);
    const afterStock = await get(`/${product.id}`, {
      headers: { 'if-none-match': afterPatch[1].headers.get('etag')! },
    });
    expect(afterStock.status).toBe(200);
    expect(afterStock.headers.get('etag')).not.toBe(afterPatch[1].headers.get('etag'));
    expect(afterStock.json.stock).toBe(15);
    const unchanged = await get(`/${product.id}`, { headers: { 'if-none-match': afterStock.headers.get('etag')! } });
    expect(unchanged.status).toBe(304);
  });

  it('never lets a shared cache keep an answer to a request with a token, or an admin route', async () => {
    const anonymous = await get(`/${product.id}`);
    const customer = await get(`/${product.id}`, { token: tokens.customer });
    expect(caching(customer)).toEqual({
      status: 200,
      cacheControl: PRIVATE,
      vary: 'Authorization',
      etag: anonymous.headers.get('etag'),
    });
    const admin = await get(CATEGORY, { token: tokens.admin });
    expect(caching(admin)).toMatchObject({ status: 200, cacheControl: PRIVATE, vary: 'Authorization' });
    expect(admin.headers.get('etag')).toMatch(STRONG_ETAG);
    // an admin's revalidation works as anyone's, and still is not cacheable
    const adminAgain = await get(CATEGORY, {
      token: tokens.admin,
      headers: { 'if-none-match': admin.headers.get('etag')! },
    });
    expect(caching(adminAgain)).toMatchObject({ status: 304, cacheControl: PRIVATE });

    const created = await http(service.baseUrl, '/api/v1/products', {
      method: 'POST',
      token: tokens.admin,
      json: { sku: `HTTP-${Date.now()}`, name: 'x', price: 1, currency: 'EUR', category: 'http-cache' },
    });
    const changed = await http(service.baseUrl, `/api/v1/products/${product.id}`, {
      method: 'PATCH',
      token: tokens.admin,
      json: { name: 'renamed' },
    });
    const refused = await http(service.baseUrl, '/api/v1/products', { method: 'POST', json: {} });
    for (const answer of [created, changed, refused]) expect(answer.headers.get('cache-control')).toBe('no-store');
    expect([created.status, changed.status, refused.status]).toEqual([201, 200, 401]);
  });

  it('makes every problem answer of the catalog reads no-store, and refuses a bad query the same way each time', async () => {
    const bad = await Promise.all([1, 2, 3].map(() => get('?pageSize=500&sort=cheapest')));
    for (const answer of bad) {
      expectProblem(answer, 400, 'VALIDATION_FAILED');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('etag')).toBeNull();
    }
    const { instance: _first, requestId: _id1, ...problem } = bad[0].json;
    for (const answer of bad.slice(1)) {
      const { instance: _instance, requestId: _id, ...same } = answer.json;
      expect(same).toEqual(problem);
    }
    const missing = await get('/65a1b2c3d4e5f60718293a4b');
    expectProblem(missing, 404, 'PRODUCT_NOT_FOUND');
    expect(missing.headers.get('cache-control')).toBe('no-store');
    const malformed = await get('/not-an-id', { headers: { 'if-none-match': '*' } });
    expectProblem(malformed, 400, 'VALIDATION_FAILED');
    expect(malformed.headers.get('cache-control')).toBe('no-store');
    const expired = await get(CATEGORY, { headers: { authorization: 'Bearer not-a-token' } });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('cache-control')).toBe('no-store');
  });

  it('serves equal queries from one validated query (the memo), and different ones apart', async () => {
    const first = await get(`${CATEGORY}&pageSize=5`);
    const second = await get(`${CATEGORY}&pageSize=5`);
    const other = await get(`${CATEGORY}&pageSize=1`);
    expect(second.text).toBe(first.text);
    expect(first.json.pageSize).toBe(5);
    expect(other.json.pageSize).toBe(1);
    expect(other.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });
});

describe('product-service: HTTP caching settings', () => {
  let service: TestService;
  beforeAll(
    async () =>
      (service = await startProductService({
        CATALOG_HTTP_MAX_AGE_SECONDS: '0',
        CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS: '0',
        CORS_ALLOWED_ORIGINS: 'https://shop.example.com',
      })),
  );
  afterAll(async () => service.close());

  it('sends no-cache when max-age is 0, and keeps Origin in Vary for cross-origin calls', async () => {
    const product = await createProduct(service);
    const answer = await http(service.baseUrl, `/api/v1/products/${product.id}`, {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(caching(answer)).toMatchObject({
      status: 200,
      cacheControl: 'public, no-cache',
      vary: 'Origin, Authorization',
    });
    expect(answer.headers.get('access-control-expose-headers')).toContain('etag');
  });
});
