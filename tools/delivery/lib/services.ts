/** The four deployable services: one image, one chart and one ECR repository each. */
export const SERVICES = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

/**
 * Public path prefixes per service, as the Ingress and the local edge route them (no rewriting). A prefix
 * matches itself and anything below it (`/api/v1/cart`, `/api/v1/cart/items`), never `/api/v1/carts`.
 */
export const PUBLIC_PREFIXES: Record<ServiceName, string[]> = {
  'product-service': ['/api/v1/products'],
  'user-service': ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'],
  'cart-service': ['/api/v1/cart'],
  'order-service': ['/api/v1/orders', '/api/v1/payments'],
};

/** Paths a public entry point must never forward: service-to-service API, probes and metrics. */
export const NEVER_PUBLIC = ['/internal/v1/', '/health/live', '/health/ready', '/metrics'];
