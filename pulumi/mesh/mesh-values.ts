import { MONITORING_NAMESPACE, TRACING_NAMESPACE } from '../config/namespaces';
import { COLLECTOR_POD_LABELS, OTLP_GRPC_PORT } from '../observability/collector-values';
import { PROMETHEUS_SERVICE_ACCOUNT } from '../observability/prometheus-stack-values';

/** Release of helm/mesh (the waypoint and the policies) in the app namespace. */
export const MESH_POLICIES_RELEASE = 'mesh';

/**
 * The ServiceAccount helm/mesh creates for the release checks (helm test pods, blue-green analysis Jobs): the identity
 * its policies allow their readiness and smoke GETs, which the service releases then name.
 */
export const RELEASE_CHECKS_SERVICE_ACCOUNT = 'release-checks';

export interface MeshPolicyValuesArgs {
  /** The stack's share of traces kept (ecommerce:tracing.samplingPercent), for the waypoint's spans. */
  samplingPercent: number;
}

/**
 * What only the stack knows, for helm/mesh, layered over its values-<stack>.yaml (waypoint sizing): the identity of
 * the stack's Prometheus, and where the waypoint's spans go. The allowed-call table stays the chart's.
 */
export function meshPolicyValues(a: MeshPolicyValuesArgs) {
  return {
    // Prometheus of kube-prometheus-stack, enrolled in the mesh: the policies admit this identity to GET /metrics.
    monitoring: { namespace: MONITORING_NAMESPACE, serviceAccount: PROMETHEUS_SERVICE_ACCOUNT },
    releaseChecks: { serviceAccount: RELEASE_CHECKS_SERVICE_ACCOUNT },
    tracing: {
      enabled: true,
      samplingPercent: a.samplingPercent,
      collector: { namespace: TRACING_NAMESPACE, podLabels: COLLECTOR_POD_LABELS, port: OTLP_GRPC_PORT },
    },
  };
}
