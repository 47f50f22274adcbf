import type { ConfigReader } from './reader';

/** An origin a browser sends (scheme, host, optional port; no path): what CORS matches exactly. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** The edge gateway in front of the services (Envoy Gateway, docs/pulumi/gateway.md). */
export interface GatewaySettings {
  /** Envoy proxy pods of the stack's Gateway; 2 or more keeps the API up through a node drain. */
  replicas: number;
  /**
   * Requests one client IP may make per second at the gateway, on top of the services' own limits. Envoy counts per
   * replica: with N proxies behind the ALB a client gets up to N times this.
   */
  rateLimitPerSecond: number;
  /** Browser origins allowed to call the API cross-origin; answered by the gateway only (empty: no CORS). */
  corsAllowedOrigins: string[];
}

/** The service mesh (Istio ambient, docs/pulumi/mesh.md). */
export interface MeshSettings {
  /** Mutual TLS, workload identities and the allowed-call policies between the services (required on, readMesh). */
  enabled: boolean;
  /** istiod replicas; 2 or more gets a PodDisruptionBudget so a drain never takes the control plane away. */
  istiodReplicas: number;
}

/** Envoy pods per stack: one is allowed (staging), more than ten would be a sign of something else wrong. */
export const MAX_GATEWAY_REPLICAS = 10;
/** Far above any one shopper (the services allow 300 a minute each); below what one pod should take from one IP. */
export const MAX_RATE_LIMIT_PER_SECOND = 10000;

/** What a stack without `ecommerce:gateway`, or without one of its keys, gets. */
const GATEWAY_DEFAULTS: Readonly<GatewaySettings> = { replicas: 2, rateLimitPerSecond: 50, corsAllowedOrigins: [] };

/** Optional as a whole: without it, two proxies, 50 requests a second per client IP, no CORS. */
export function readGateway(root: ConfigReader): GatewaySettings {
  if (!root.has('gateway')) return { ...GATEWAY_DEFAULTS, corsAllowedOrigins: [] };
  const r = root.object('gateway');
  return {
    replicas: r.int('replicas', 1, MAX_GATEWAY_REPLICAS, GATEWAY_DEFAULTS.replicas),
    rateLimitPerSecond: r.int('rateLimitPerSecond', 1, MAX_RATE_LIMIT_PER_SECOND, GATEWAY_DEFAULTS.rateLimitPerSecond),
    corsAllowedOrigins: r.strings('corsAllowedOrigins', ORIGIN, 0, []),
  };
}

/**
 * Required, and on: the edge gateway reaches the services only through the mesh. Outside it the services'
 * NetworkPolicies admit their calling services and Prometheus, never the gateway's Envoy pods (the service charts'
 * networkPolicy.allowedClients names services only), so the API would answer nothing but 503.
 */
export function readMesh(root: ConfigReader): MeshSettings {
  const r = root.object('mesh');
  const enabled = r.bool('enabled', true);
  if (!enabled) {
    r.problem(
      'enabled',
      'must be true: the edge gateway reaches the services only through the mesh (their NetworkPolicies do not admit its pods otherwise)',
    );
  }
  return { enabled, istiodReplicas: r.int('istiodReplicas', 1, 5, 1) };
}
