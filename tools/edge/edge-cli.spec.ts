import { edgeOptionsFromEnv } from './edge-cli';

describe('edgeOptionsFromEnv (the compose edge)', () => {
  const complete = {
    JWT_ISSUER: 'https://auth.ecommerce.local',
    JWT_AUDIENCE: 'ecommerce-api',
    PRODUCT_SERVICE_URL: 'http://product-service:3000',
    USER_SERVICE_URL: 'http://user-service:3000/',
    CART_SERVICE_URL: 'http://cart-service:3000',
    ORDER_SERVICE_URL: 'http://order-service:3000',
  };

  it('targets each routed service at its URL and checks tokens for the issuer and audience the services accept', () => {
    expect(edgeOptionsFromEnv({ ...complete, EDGE_RATE_LIMIT: 'off' })).toEqual({
      port: 8080,
      host: '0.0.0.0',
      targets: {
        'product-service': { host: 'product-service', port: 3000 },
        'user-service': { host: 'user-service', port: 3000 },
        'cart-service': { host: 'cart-service', port: 3000 },
        'order-service': { host: 'order-service', port: 3000 },
      },
      auth: { issuer: 'https://auth.ecommerce.local', audience: 'ecommerce-api' },
      rateLimitOverride: 'off',
    });
  });

  it('refuses to start with every missing or malformed setting named at once', () => {
    expect(() =>
      edgeOptionsFromEnv({
        ...complete,
        JWT_AUDIENCE: ' ',
        CART_SERVICE_URL: 'https://cart-service:3000/x',
        EDGE_PORT: '0',
      }),
    ).toThrow(
      'The edge cannot start: EDGE_PORT must be a port number; CART_SERVICE_URL must be an http URL with a host ' +
        '(http://cart-service:3000); JWT_AUDIENCE is required.',
    );
    const { ORDER_SERVICE_URL: _order, ...withoutOrder } = complete;
    expect(() => edgeOptionsFromEnv(withoutOrder)).toThrow('ORDER_SERVICE_URL is required');
  });
});
