/**
 * The services the edge routes and where they listen locally; in a cluster every container listens on 3000.
 * notification-service has no public routes, so it is not here: tools/dev/services.ts lists every service a
 * local run starts.
 */
export const SERVICES = [
  { name: 'product-service', port: 3001, prefixes: ['/api/v1/products'] },
  { name: 'user-service', port: 3002, prefixes: ['/api/v1/auth', '/api/v1/users', '/.well-known/jwks.json'] },
  { name: 'cart-service', port: 3003, prefixes: ['/api/v1/cart'] },
  { name: 'order-service', port: 3004, prefixes: ['/api/v1/orders', '/api/v1/payments'] },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

/**
 * The public routing of the Ingress, by path prefix and without rewriting: the API prefixes, plus each
 * service's OpenAPI under /docs/<service>. /internal, /health and /metrics are never routed.
 */
export function routeFor(path: string): ServiceName | undefined {
  const pathname = path.split('?')[0];
  const matches = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  for (const service of SERVICES) {
    if (service.prefixes.some(matches) || matches(`/docs/${service.name}`)) return service.name;
  }
  return undefined;
}
