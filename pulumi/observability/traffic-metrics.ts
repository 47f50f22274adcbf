import { APP_NAMESPACE } from '../config/namespaces';
import { EDGE_GATEWAY_POD_LABELS } from '../gateway/gateway-values';
import { MESH_NAMESPACE, WAYPOINT } from '../mesh/istio-values';

/**
 * What the edge gateway's Envoy proxies expose on :19001/stats/prometheus (Envoy's own statistics, with Envoy
 * Gateway's names: the HTTP listener's stat prefix is `http-<port>`, a route's cluster `httproute/<ns>/<name>/rule/<n>`).
 */
export const ENVOY_METRICS = {
  /** Counters of the answers the gateway sent, all and by class (label envoy_response_code_class, "2".."5"). */
  downstreamTotal: 'envoy_http_downstream_rq_total',
  downstreamByClass: 'envoy_http_downstream_rq_xx',
  /** Histogram (ms) from the first byte received to the last byte sent: the whole request as the ALB sees it. */
  downstreamTime: 'envoy_http_downstream_rq_time',
  /** Per route (cluster): answers by class and the time the service took (ms). */
  upstreamByClass: 'envoy_cluster_upstream_rq_xx',
  upstreamTime: 'envoy_cluster_upstream_rq_time',
  /** Requests the JWT filter refused (missing, invalid or expired token on a protected route): each a 401. */
  jwtDenied: 'envoy_http_jwt_authn_denied',
} as const;

/**
 * Requests the per-client-IP local rate limit refused (each a 429). Envoy names the counter after the filter's stat
 * prefix (Envoy Gateway's `http_local_rate_limiter`), which no tag extractor turns into a label; matched by name so
 * the selector does not depend on that prefix.
 */
export const RATE_LIMITED = '{__name__=~"envoy_.*http_local_rate_limit_rate_limited"}';

/** The gateway's answers on its HTTP listener, not the stats and readiness listeners' own. */
export const gatewaySeries = (metric: string, extra = '') =>
  `${metric}{namespace="${APP_NAMESPACE}",envoy_http_conn_manager_prefix=~"http-.*"${extra ? `,${extra}` : ''}}`;
/** Per-route series of the gateway: the clusters of the HTTPRoutes in the app namespace. */
export const routeSeries = (metric: string, extra = '') =>
  `${metric}{namespace="${APP_NAMESPACE}",envoy_cluster_name=~"httproute/${APP_NAMESPACE}/.*"${extra ? `,${extra}` : ''}}`;

/** The waypoint's standard Istio metric: one counter per request it proxied, by source, destination and code. */
export const MESH_REQUESTS = 'istio_requests_total';
/** The edge gateway's Envoy pods: its calls are the public routes, and a 403 there is the service's own answer. */
const EDGE_WORKLOAD = 'source_workload!~"edge-gateway.*"';
/** Requests the waypoint answered 403 between the mesh's workloads: authorization denials of helm/mesh's policies. */
export const meshDenials = `${MESH_REQUESTS}{reporter="waypoint",response_code="403",${EDGE_WORKLOAD}}`;

/** The mesh's platform: istiod and the node agents, as kube-state-metrics reports them. */
export const ISTIOD_AVAILABLE = `kube_deployment_status_replicas_available{namespace="${MESH_NAMESPACE}",deployment="istiod"}`;
export const NODE_AGENTS_UNAVAILABLE = `kube_daemonset_status_number_unavailable{namespace="${MESH_NAMESPACE}",daemonset=~"ztunnel|istio-cni-node"}`;

/** Where Prometheus scrapes each part (PodMonitors, pulumi/observability/traffic-monitors.ts). */
export const SCRAPE_TARGETS = {
  envoyProxies: {
    podLabels: EDGE_GATEWAY_POD_LABELS,
    port: 19001,
    path: '/stats/prometheus',
  },
  gatewayController: { podLabels: { 'control-plane': 'envoy-gateway' }, port: 19001, path: '/metrics' },
  waypoint: {
    podLabels: { 'gateway.networking.k8s.io/gateway-name': WAYPOINT },
    port: 15020,
    path: '/stats/prometheus',
  },
  ztunnel: { podLabels: { app: 'ztunnel' }, port: 15020, path: '/stats/prometheus' },
  istiod: { podLabels: { app: 'istiod' }, port: 15014, path: '/metrics' },
} as const;
