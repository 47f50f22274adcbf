import { http } from '../../../test/support/http';
import { signTestToken } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { createProduct, type CreatedProduct, expectProblem, startProductService, tokens } from './product-test-kit';

describe('product-service: public catalog', () => {
  let service: TestService;
  const p: Record<string, CreatedProduct> = {};
  const list = async (query = '', token?: string) => {
    const result = await http(service.baseUrl, `/api/v1/products${query}`, { token });
    expect(result.status).toBe(200);
    return result.json as { items: { sku: string; [key: string]: unknown }[]; total: number; [key: string]: unknown };
  };
  const skus = async (query = '', token?: string) => (await list(query, token)).items.map((item) => item.sku);

  beforeAll(async () => {
    service = await startProductService();
    const specs: [string, Record<string, unknown>][] = [
      ['tee', { sku: 'tee-blk', name: 'organic Tee, black', price: 2500, stock: 10, tags: ['Cotton', 'organic'] }],
      ['hoodie', { sku: 'HOOD-GRY', name: 'Hoodie, grey', price: 6900, stock: 0, tags: ['fleece'] }],
      ['mug', { sku: 'MUG-350', name: 'Ceramic mug', price: 1400, stock: 200, category: 'Kitchen', tags: ['ceramic'] }],
      ['bottle', { sku: 'BTL-750', name: 'Steel bottle', price: 3200, stock: 5, category: 'kitchen', tags: ['steel'] }],
      [
        'notebook',
        {
          sku: 'NB-A5',
          name: 'notebook A5',
          price: 1800,
          currency: 'USD',
          stock: 50,
          category: 'stationery',
          tags: [],
        },
      ],
      ['cap', { sku: 'CAP-OLD', name: 'Retired cap', price: 2900, active: false, category: 'accessories' }],
    ];
    for (const [key, spec] of specs) p[key] = await createProduct(service, { description: '', ...spec });
  });
  afterAll(async () => service.close());

  it('lists active products newest first, with the total and page information', async () => {
    const page = await list();
    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 5, totalPages: 1 });
    expect(page.items.map((item) => item.sku)).toEqual(['NB-A5', 'BTL-750', 'MUG-350', 'HOOD-GRY', 'TEE-BLK']);
    expect(page.items[4]).toEqual({
      id: p.tee.id,
      sku: 'TEE-BLK',
      name: 'organic Tee, black',
      description: '',
      price: 2500,
      currency: 'EUR',
      stock: 10,
      inStock: true,
      category: 'apparel',
      tags: ['cotton', 'organic'],
      images: ['https://cdn.example.com/tee.jpg'],
      active: true,
      version: 0,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('pages through results without overlap', async () => {
    const first = await list('?pageSize=2&page=1');
    const second = await list('?pageSize=2&page=2');
    const third = await list('?pageSize=2&page=3');
    expect(first).toMatchObject({ total: 5, totalPages: 3, pageSize: 2 });
    const all = [...first.items, ...second.items, ...third.items].map((item) => item.sku);
    expect(all).toEqual(['NB-A5', 'BTL-750', 'MUG-350', 'HOOD-GRY', 'TEE-BLK']);
    expect((await list('?page=9')).items).toEqual([]);
  });

  it('filters by category, tags (any of), price range, currency and stock', async () => {
    expect(await skus('?category=kitchen')).toEqual(['BTL-750', 'MUG-350']);
    expect(await skus('?category=KITCHEN')).toEqual(['BTL-750', 'MUG-350']);
    expect(await skus('?tags=steel,fleece')).toEqual(['BTL-750', 'HOOD-GRY']);
    expect(await skus('?tags=Organic')).toEqual(['TEE-BLK']);
    expect(await skus('?minPrice=1800&maxPrice=3200')).toEqual(['NB-A5', 'BTL-750', 'TEE-BLK']);
    expect(await skus('?minPrice=3000')).toEqual(['BTL-750', 'HOOD-GRY']);
    expect(await skus('?currency=USD')).toEqual(['NB-A5']);
    expect(await skus('?inStock=false')).toEqual(['HOOD-GRY']);
    expect(await skus('?inStock=true&category=apparel')).toEqual(['TEE-BLK']);
  });

  it('searches the text of name, tags and description, most relevant first', async () => {
    expect(await skus('?q=mug')).toEqual(['MUG-350']);
    expect(await skus('?q=steel')).toEqual(['BTL-750']);
    expect(await skus('?q=cotton')).toEqual(['TEE-BLK']); // by tag; the inactive cap has it too
    expect((await skus('?q=bottle%20mug')).sort()).toEqual(['BTL-750', 'MUG-350']);
    expect(await skus('?q=nothing-like-this')).toEqual([]);
    expect(await skus('?q=mug&sort=price')).toEqual(['MUG-350']);
  });

  it('sorts by price, name (ignoring case) and age in either direction', async () => {
    expect(await skus('?sort=price')).toEqual(['MUG-350', 'NB-A5', 'TEE-BLK', 'BTL-750', 'HOOD-GRY']);
    expect(await skus('?sort=price&order=desc')).toEqual(['HOOD-GRY', 'BTL-750', 'TEE-BLK', 'NB-A5', 'MUG-350']);
    expect(await skus('?sort=name')).toEqual(['MUG-350', 'HOOD-GRY', 'NB-A5', 'TEE-BLK', 'BTL-750']);
    expect(await skus('?sort=newest&order=asc')).toEqual(['TEE-BLK', 'HOOD-GRY', 'MUG-350', 'BTL-750', 'NB-A5']);
  });

  it('hides inactive products from anonymous callers and customers, and shows them to admins', async () => {
    expect(await skus('?category=accessories')).toEqual([]);
    expect(await skus('?category=accessories', tokens.customer)).toEqual([]);
    expect(await skus('?category=accessories', tokens.service)).toEqual([]);
    expect(await skus('?category=accessories', tokens.admin)).toEqual(['CAP-OLD']);
    expect((await list('', tokens.admin)).total).toBe(6);
    expectProblem(await http(service.baseUrl, `/api/v1/products/${p.cap.id}`), 404, 'PRODUCT_NOT_FOUND');
    expectProblem(
      await http(service.baseUrl, `/api/v1/products/${p.cap.id}`, { token: tokens.customer }),
      404,
      'PRODUCT_NOT_FOUND',
    );
    const forAdmin = await http(service.baseUrl, `/api/v1/products/${p.cap.id}`, { token: tokens.admin });
    expect(forAdmin.json).toMatchObject({ sku: 'CAP-OLD', active: false });
  });

  it('answers a public request with an expired token 401 TOKEN_EXPIRED, so the client refreshes', async () => {
    const expiredAdmin = signTestToken({ roles: ['admin'], expiresInSeconds: -60 });
    const result = await http(service.baseUrl, '/api/v1/products?category=accessories', { token: expiredAdmin });
    expectProblem(result, 401, 'TOKEN_EXPIRED');
    expect(result.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('reads one product by id: 200, 404 for an unknown id, 400 for a malformed one', async () => {
    const found = await http(service.baseUrl, `/api/v1/products/${p.mug.id}`);
    expect(found.status).toBe(200);
    expect(found.json).toMatchObject({ id: p.mug.id, sku: 'MUG-350', category: 'kitchen', price: 1400 });
    expectProblem(await http(service.baseUrl, '/api/v1/products/65a0000000000000000000ff'), 404, 'PRODUCT_NOT_FOUND');
    expectProblem(await http(service.baseUrl, '/api/v1/products/not-an-id'), 400, 'VALIDATION_FAILED');
    expectProblem(await http(service.baseUrl, '/api/v1/products/65a00000000000000000000'), 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['a page size over the maximum', '?pageSize=101'],
    ['a page size of zero', '?pageSize=0'],
    ['a page beyond the bound', '?page=1001'],
    ['a non-numeric page', '?page=two'],
    ['a fractional price', '?minPrice=10.5'],
    ['a negative price', '?minPrice=-1'],
    ['a price range upside down', '?minPrice=500&maxPrice=100'],
    ['an unknown sort', '?sort=popularity'],
    ['relevance without a search term', '?sort=relevance'],
    ['an unknown order', '?sort=price&order=up'],
    ['a non-boolean inStock', '?inStock=maybe'],
    ['an unknown parameter', '?color=red'],
    ['a repeated search term', '?q=a&q=b'],
    ['an over-long search term', `?q=${'x'.repeat(101)}`],
    ['an operator in a filter', '?category[$ne]=kitchen'],
    ['an operator on a price', '?minPrice[$gt]=0'],
    ['a $where parameter', '?$where=1'],
    ['an invalid currency', '?currency=EURO'],
    ['too many tags', `?tags=${Array.from({ length: 11 }, (_, i) => `t${i}`).join(',')}`],
  ])('rejects %s with 400', async (_label, query) => {
    expectProblem(await http(service.baseUrl, `/api/v1/products${query}`), 400, 'VALIDATION_FAILED');
  });
});
