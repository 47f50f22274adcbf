import { type DeclaredRoute, loadEdgePolicy } from './gateway-values';

/**
 * The services the edge routes and where they listen locally; in a cluster every container listens on 3000.
 * What is routed to them is declared in helm/gateway/values.yaml (gateway-values.ts). notification-service has
 * no public routes, so it is not here: tools/dev/services.ts lists every service a local run starts.
 */
export const SERVICES = [
  { name: 'product-service', port: 3001 },
  { name: 'user-service', port: 3002 },
  { name: 'cart-service', port: 3003 },
  { name: 'order-service', port: 3004 },
] as const;

export type ServiceName = (typeof SERVICES)[number]['name'];

const matches = (route: DeclaredRoute, pathname: string) =>
  route.match === 'Exact' ? pathname === route.path : pathname === route.path || pathname.startsWith(`${route.path}/`);

/**
 * The route a request takes, with the cluster gateway's (Gateway API) semantics: Exact, or PathPrefix at segment
 * boundaries; the method must be one the route lists; among several matches an Exact one wins, then the longest
 * prefix. Without a method, the route of any method.
 */
export function matchRoute(routes: readonly DeclaredRoute[], url: string, method?: string): DeclaredRoute | undefined {
  const pathname = url.split('?')[0];
  let best: DeclaredRoute | undefined;
  for (const route of routes) {
    if ((method !== undefined && !route.methods.includes(method)) || !matches(route, pathname)) continue;
    if (!best || rank(route) > rank(best)) best = route;
  }
  return best;
}

/** Gateway API precedence: Exact before PathPrefix, then the longer path. */
const rank = (route: DeclaredRoute) => (route.match === 'Exact' ? 1_000_000 : 0) + route.path.length;

let declared: readonly DeclaredRoute[] | undefined;

/** The service the declared table (helm/gateway/values.yaml, read once) sends a request to, if any. */
export function routeFor(url: string, method?: string): ServiceName | undefined {
  declared ??= loadEdgePolicy().routes;
  return matchRoute(declared, url, method)?.service;
}
