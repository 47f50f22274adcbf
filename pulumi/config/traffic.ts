import type { ConfigReader } from './reader';

/** An origin a browser sends (scheme, host, optional port; no path): what CORS matches exactly. */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;

/** The edge gateway in front of the services (Envoy Gateway, docs/pulumi/gateway.md). */
export interface GatewaySettings {
  /** Envoy proxy pods of the stack's Gateway; 2 or more keeps the API up through a node drain. */
  replicas: number;
  /** Requests one client IP may make per second at the gateway, on top of the services' own limits. */
  rateLimitPerSecond: number;
  /** Browser origins allowed to call the API cross-origin; answered by the gateway only (empty: no CORS). */
  corsAllowedOrigins: string[];
}

/** The service mesh (Istio ambient, docs/pulumi/mesh.md). */
export interface MeshSettings {
  /** Mutual TLS, workload identities and the allowed-call policies between the services; off: none of it. */
  enabled: boolean;
  /** istiod replicas; 2 or more gets a PodDisruptionBudget so a drain never takes the control plane away. */
  istiodReplicas: number;
}

/** Envoy pods per stack: one is allowed (staging), more than ten would be a sign of something else wrong. */
export const MAX_GATEWAY_REPLICAS = 10;
/** Far above any one shopper (the services allow 300 a minute each); below what one pod should take from one IP. */
export const MAX_RATE_LIMIT_PER_SECOND = 10000;

/** Optional as a whole: without it, two proxies, 50 requests a second per client IP, no CORS. */
export function readGateway(root: ConfigReader): GatewaySettings {
  if (!root.has('gateway')) return { replicas: 2, rateLimitPerSecond: 50, corsAllowedOrigins: [] };
  const r = root.object('gateway');
  return {
    replicas: r.int('replicas', 1, MAX_GATEWAY_REPLICAS, 2),
    rateLimitPerSecond: r.int('rateLimitPerSecond', 1, MAX_RATE_LIMIT_PER_SECOND, 50),
    corsAllowedOrigins: r.strings('corsAllowedOrigins', ORIGIN, 0, []),
  };
}

/** Optional as a whole: without it there is no mesh. */
export function readMesh(root: ConfigReader): MeshSettings {
  if (!root.has('mesh')) return { enabled: false, istiodReplicas: 1 };
  const r = root.object('mesh');
  return { enabled: r.bool('enabled', false), istiodReplicas: r.int('istiodReplicas', 1, 5, 1) };
}
