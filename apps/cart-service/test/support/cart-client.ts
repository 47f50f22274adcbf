import { http, type HttpResult } from '../../../../test/support/http';

/** The cart API as a shopper's client calls it, with that shopper's token. */
export function cartClient(baseUrl: string, token: string) {
  return {
    view: (): Promise<HttpResult> => http(baseUrl, '/api/v1/cart', { token }),
    add: (productId: unknown, quantity: unknown): Promise<HttpResult> =>
      http(baseUrl, '/api/v1/cart/items', { method: 'POST', token, json: { productId, quantity } }),
    setQuantity: (productId: string, quantity: unknown): Promise<HttpResult> =>
      http(baseUrl, `/api/v1/cart/items/${productId}`, { method: 'PATCH', token, json: { quantity } }),
    remove: (productId: string): Promise<HttpResult> =>
      http(baseUrl, `/api/v1/cart/items/${productId}`, { method: 'DELETE', token }),
    clear: (): Promise<HttpResult> => http(baseUrl, '/api/v1/cart', { method: 'DELETE', token }),
  };
}

export type CartClient = ReturnType<typeof cartClient>;

interface Line {
  productId: string;
  quantity: number;
}

/** `productId -> quantity` of a cart answer, for compact assertions. */
export const quantities = (result: HttpResult): Record<string, number> =>
  Object.fromEntries((result.json.lines as Line[]).map((line) => [line.productId, line.quantity]));
