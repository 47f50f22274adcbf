import type { AlertCase } from './alert-cases';

/** The gateway's HTTP listener as Envoy Gateway names its stat prefix, and its stats listener's (never counted). */
const listener = (extra = '') =>
  `namespace="ecommerce",envoy_http_conn_manager_prefix="http-10080"${extra ? `,${extra}` : ''}`;
const statsListener = 'namespace="ecommerce",envoy_http_conn_manager_prefix="eg-stats-http"';
const waypoint = (source: string, destination: string) =>
  `istio_requests_total{namespace="ecommerce",reporter="waypoint",response_code="403",source_workload="${source}",destination_service_name="${destination}"}`;

/** Cases of the edge gateway's and the mesh's alerts (pulumi/observability/gateway-alerts.ts, mesh-alerts.ts). */
export const TRAFFIC_CASES: AlertCase[] = [
  {
    name: 'one answer in ten is a 5xx',
    alert: 'GatewayErrorRateHigh',
    interval: '1m',
    series: [
      [`envoy_http_downstream_rq_total{${listener()}}`, '0+100x20'],
      [`envoy_http_downstream_rq_xx{${listener('envoy_response_code_class="5"')}}`, '0+10x20'],
    ],
    at: '15m',
    fires: [{}],
  },
  {
    name: 'one in a hundred, and the stats listener’s own errors do not count',
    alert: 'GatewayErrorRateHigh',
    interval: '1m',
    series: [
      [`envoy_http_downstream_rq_total{${listener()}}`, '0+100x20'],
      [`envoy_http_downstream_rq_xx{${listener('envoy_response_code_class="5"')}}`, '0+1x20'],
      [`envoy_http_downstream_rq_xx{${statsListener},envoy_response_code_class="5"}`, '0+50x20'],
    ],
    at: '15m',
    fires: [],
  },
  {
    name: 'three requests a second, 30 % of all, refused for their token',
    alert: 'GatewayUnauthorizedSurge',
    interval: '1m',
    series: [
      [`envoy_http_downstream_rq_total{${listener()}}`, '0+600x20'],
      [`envoy_http_jwt_authn_denied{${listener()}}`, '0+180x20'],
    ],
    at: '15m',
    fires: [{}],
  },
  {
    name: 'a third of a quiet night’s few requests refused: not a surge',
    alert: 'GatewayUnauthorizedSurge',
    interval: '1m',
    series: [
      [`envoy_http_downstream_rq_total{${listener()}}`, '0+30x20'],
      [`envoy_http_jwt_authn_denied{${listener()}}`, '0+10x20'],
    ],
    at: '15m',
    fires: [],
  },
  {
    name: 'ten requests a second refused by the per-client-IP limit',
    alert: 'GatewayRateLimitingSurge',
    interval: '1m',
    series: [['envoy_http_local_rate_limiter_http_local_rate_limit_rate_limited{namespace="ecommerce"}', '0+600x20']],
    at: '15m',
    fires: [{}],
  },
  {
    name: 'cart-service calling order-service, which no row of the table allows',
    alert: 'MeshCallsDenied',
    interval: '1m',
    series: [[waypoint('cart-service', 'order-service'), '0+6x20']],
    at: '10m',
    fires: [{ source_workload: 'cart-service', destination_service_name: 'order-service' }],
  },
  {
    name: 'a shopper’s 403 from a service, through the gateway, is the service’s answer, not the mesh’s',
    alert: 'MeshCallsDenied',
    interval: '1m',
    series: [[waypoint('edge-gateway', 'order-service'), '0+6x20']],
    at: '10m',
    fires: [],
  },
  {
    name: 'no istiod available',
    alert: 'MeshControlPlaneDown',
    interval: '1m',
    series: [['kube_deployment_status_replicas_available{namespace="istio-system",deployment="istiod"}', '0x10']],
    at: '6m',
    fires: [{}],
  },
  {
    name: 'ztunnel not ready on one node',
    alert: 'MeshNodeAgentDown',
    interval: '1m',
    series: [['kube_daemonset_status_number_unavailable{namespace="istio-system",daemonset="ztunnel"}', '1x15']],
    at: '12m',
    fires: [{ daemonset: 'ztunnel' }],
  },
];
