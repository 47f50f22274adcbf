import { randomUUID } from 'node:crypto';
import { http, type HttpResult } from '../../../test/support/http';
import { signTestToken } from '../../../test/support/keys';
import { startTestService, type TestService } from '../../../test/support/test-service';
import { productService } from '../src/product-service';

export const tokens = {
  admin: signTestToken({ sub: '65a0000000000000000000ad', roles: ['admin'] }),
  customer: signTestToken({ sub: '65a0000000000000000000c1', roles: ['customer'] }),
  /** order-service's token as user-service issues it: reservations and cart clearing, no catalog reads. */
  service: signTestToken({ sub: 'order-service', roles: ['service'], scope: 'stock:reserve cart:clear' }),
  /** cart-service's token: catalog reads only. */
  cartService: signTestToken({ sub: 'cart-service', roles: ['service'], scope: 'products:read' }),
};

export const startProductService = (env: Record<string, string> = {}): Promise<TestService> =>
  startTestService(productService, { RATE_LIMIT_MAX: '100000', ...env });

export function expectProblem(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, code: result.json.code }).toEqual({ status, code });
  expect(result.headers.get('content-type')).toContain('application/problem+json');
}

/** The fields of a product that tests do not care about, with a unique sku. */
export function productBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sku: `SKU-${randomUUID().slice(0, 8)}`,
    name: 'Organic cotton T-shirt',
    description: 'Soft organic cotton tee.',
    price: 2500,
    currency: 'EUR',
    stock: 10,
    category: 'apparel',
    tags: ['cotton'],
    images: ['https://cdn.example.com/tee.jpg'],
    ...overrides,
  };
}

export interface CreatedProduct {
  id: string;
  sku: string;
  version: number;
  [field: string]: unknown;
}

export async function createProduct(
  service: TestService,
  overrides: Record<string, unknown> = {},
): Promise<CreatedProduct> {
  const result = await http(service.baseUrl, '/api/v1/products', {
    method: 'POST',
    token: tokens.admin,
    json: productBody(overrides),
  });
  if (result.status !== 201) throw new Error(`create failed: ${result.status} ${result.text}`);
  return result.json as unknown as CreatedProduct;
}

export const adminGet = (service: TestService, id: string) =>
  http(service.baseUrl, `/api/v1/products/${id}`, { token: tokens.admin });

export const stockOf = async (service: TestService, id: string): Promise<number> =>
  (await adminGet(service, id)).json.stock as number;

export function reserve(service: TestService, reservationId: string, lines: { productId: string; quantity: number }[]) {
  return http(service.baseUrl, '/internal/v1/stock/reservations', {
    method: 'POST',
    token: tokens.service,
    json: { reservationId, lines },
  });
}

export function reservationCall(service: TestService, id: string, action: 'confirm' | 'release') {
  return http(service.baseUrl, `/internal/v1/stock/reservations/${id}${action === 'confirm' ? '/confirm' : ''}`, {
    method: action === 'confirm' ? 'POST' : 'DELETE',
    token: tokens.service,
  });
}
