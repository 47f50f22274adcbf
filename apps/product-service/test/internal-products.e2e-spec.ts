import { http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import { createProduct, type CreatedProduct, expectProblem, startProductService, tokens } from './product-test-kit';

describe('product-service: internal product lookup', () => {
  let service: TestService;
  let active: CreatedProduct;
  let inactive: CreatedProduct;
  const lookup = (query: string, token = tokens.cartService) =>
    http(service.baseUrl, `/internal/v1/products${query}`, { token });

  beforeAll(async () => {
    service = await startProductService();
    active = await createProduct(service, { price: 1250, stock: 7 });
    inactive = await createProduct(service, { active: false });
  });
  afterAll(async () => service.close());

  it('answers in request order; unknown ids are absent, inactive products present with active: false', async () => {
    const unknown = '65a0000000000000000000ff';
    const result = await lookup(`?ids=${inactive.id},${unknown},${active.id.toUpperCase()},${active.id}`);
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      items: [
        {
          id: inactive.id,
          sku: inactive.sku,
          name: 'Organic cotton T-shirt',
          price: 2500,
          currency: 'EUR',
          stock: 10,
          active: false,
        },
        {
          id: active.id,
          sku: active.sku,
          name: 'Organic cotton T-shirt',
          price: 1250,
          currency: 'EUR',
          stock: 7,
          active: true,
        },
      ],
    });
  });

  it('always reads fresh data: an admin price change shows at once', async () => {
    await http(service.baseUrl, `/api/v1/products/${active.id}`, {
      method: 'PATCH',
      token: tokens.admin,
      json: { price: 1300 },
    });
    expect(((await lookup(`?ids=${active.id}`)).json.items as { price: number }[])[0].price).toBe(1300);
  });

  it('is for service tokens with products:read only: 401 anonymous, 403 for customers, admins and order-service', async () => {
    expectProblem(await lookup(`?ids=${active.id}`, ''), 401, 'AUTHENTICATION_REQUIRED');
    expectProblem(await lookup(`?ids=${active.id}`, tokens.service), 403, 'FORBIDDEN');
    expectProblem(await lookup(`?ids=${active.id}`, tokens.customer), 403, 'FORBIDDEN');
    expectProblem(await lookup(`?ids=${active.id}`, tokens.admin), 403, 'FORBIDDEN');
  });

  it.each([
    ['no ids', ''],
    ['an empty list', '?ids='],
    ['a malformed id', '?ids=abc'],
    ['one malformed id among good ones', `?ids=65a0000000000000000000ff,65a00000000000000000zzzz`],
    [
      'more than 100 ids',
      `?ids=${Array.from({ length: 101 }, (_, i) => (0x65a0000000 + i).toString(16).padStart(24, '0')).join(',')}`,
    ],
    ['an unknown parameter', '?ids=65a0000000000000000000ff&all=true'],
    ['an operator', '?ids[$ne]=x'],
  ])('refuses %s with 400', async (_label, query) => {
    expectProblem(await lookup(query), 400, 'VALIDATION_FAILED');
  });
});
