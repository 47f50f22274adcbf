import { routeFor } from './routes';

describe('routeFor', () => {
  it('routes by the Ingress prefixes, at segment boundaries only', () => {
    expect(routeFor('/api/v1/products')).toBe('product-service');
    expect(routeFor('/api/v1/products/abc?x=1')).toBe('product-service');
    expect(routeFor('/api/v1/auth/login')).toBe('user-service');
    expect(routeFor('/api/v1/users/me')).toBe('user-service');
    expect(routeFor('/api/v1/cart/items')).toBe('cart-service');
    expect(routeFor('/api/v1/orders?page=2')).toBe('order-service');
    expect(routeFor('/docs/order-service/openapi.json')).toBe('order-service');
    expect(routeFor('/api/v1/productsx')).toBeUndefined();
    expect(routeFor('/.well-known/jwks.json')).toBe('user-service');
    expect(routeFor('/api/v1/payments/stripe/webhook')).toBe('order-service');
    expect(routeFor('/.well-known/other')).toBeUndefined();
  });

  it('never routes internal, health or metrics paths', () => {
    for (const path of ['/internal/v1/stock/reservations', '/health/ready', '/metrics', '/', '/api/v2/products'])
      expect(routeFor(path)).toBeUndefined();
  });
});
