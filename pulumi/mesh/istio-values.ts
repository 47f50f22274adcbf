import { COLLECTOR_GRPC } from '../gateway/gateway-values';
import type { IstioChart } from './versions';

/** Istio's namespace (its charts' default): the control plane, the CNI agent and ztunnel. */
export const MESH_NAMESPACE = 'istio-system';
/** The mesh's trust domain: workload identities are spiffe://cluster.local/ns/<namespace>/sa/<service account>. */
export const TRUST_DOMAIN = 'cluster.local';
/** The tracing provider the mesh's Telemetry (helm/mesh) names: the stack's collector over OTLP/gRPC. */
export const MESH_TRACING_PROVIDER = 'otel-tracing';
/** Labels that put a namespace's pods in the mesh and send their traffic through the namespace's waypoint. */
export const AMBIENT_LABEL = { 'istio.io/dataplane-mode': 'ambient' };
export const WAYPOINT = 'ecommerce-waypoint';
export const USE_WAYPOINT_LABEL = { 'istio.io/use-waypoint': WAYPOINT };

export interface IstioValuesArgs {
  /** istiod replicas; from 2 on, the chart's PodDisruptionBudget keeps one through a drain. */
  istiodReplicas: number;
}

/** Values of each Istio chart; every one in ambient mode. */
export function istioValues(chart: IstioChart, a: IstioValuesArgs): Record<string, unknown> {
  switch (chart) {
    case 'base':
      return {};
    case 'istiod':
      return {
        profile: 'ambient',
        // A fixed count: the chart's HPA would otherwise override replicaCount.
        autoscaleEnabled: false,
        replicaCount: a.istiodReplicas,
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } },
        // With one replica a PodDisruptionBudget (minAvailable 1) would block every node drain.
        global: { defaultPodDisruptionBudget: { enabled: a.istiodReplicas > 1 }, logAsJson: true },
        meshConfig: meshConfig(),
      };
    case 'cni':
      // EKS's nodes keep CNI binaries and config where the chart looks by default (/opt/cni/bin, /etc/cni/net.d).
      return { profile: 'ambient', resources: { requests: { cpu: '50m', memory: '64Mi' } } };
    case 'ztunnel':
      return { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } } };
  }
}

/** The mesh-wide configuration istiod hands every proxy (waypoints, ztunnel). */
export function meshConfig() {
  return {
    trustDomain: TRUST_DOMAIN,
    // No retries by the mesh: the services' shared client (libs/http-client) already retries, idempotent calls only,
    // with backoff and a circuit breaker. Retries here would multiply them (3 x 3 attempts on one slow upstream)
    // and repeat the non-idempotent calls the client deliberately sends once.
    defaultHttpRetryPolicy: { attempts: 0 },
    // Each proxy's access log on stdout (JSON), where a refused call shows with its reason
    // (rbac_access_denied_matched_policy, docs/operations/runbooks/mesh-refused-call.md). Read with kubectl logs: the
    // log pipeline ships the services' containers only, so these cost nothing in CloudWatch.
    accessLogFile: '/dev/stdout',
    accessLogEncoding: 'JSON',
    extensionProviders: [
      { name: MESH_TRACING_PROVIDER, opentelemetry: { service: COLLECTOR_GRPC.host, port: COLLECTOR_GRPC.port } },
    ],
  };
}
