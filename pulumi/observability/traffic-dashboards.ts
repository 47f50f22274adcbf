import { panel } from './dashboards';
import {
  ENVOY_METRICS as M,
  MESH_REQUESTS,
  RATE_LIMITED,
  gatewaySeries,
  meshDenials,
  routeSeries,
} from './traffic-metrics';

const dashboard = (key: string, title: string, panels: ReturnType<typeof panel>[]) => ({
  uid: `ecommerce-${key}`,
  title: `ecommerce / ${title}`,
  tags: ['ecommerce', key],
  timezone: 'utc',
  schemaVersion: 39,
  refresh: '30s',
  time: { from: 'now-6h', to: 'now' },
  panels,
});

/** p99 (ms) of an Envoy time histogram, optionally per label. */
const p99 = (buckets: string, by = '') =>
  `histogram_quantile(0.99, sum by (le${by ? `, ${by}` : ''}) (rate(${buckets}[5m])))`;

/**
 * The edge gateway: what arrives per route and how it is answered, what the gateway refuses itself (401, 429), and
 * the latency it adds on top of the services' (its p99 minus theirs: token check, limits, one more proxy hop).
 */
export function gatewayDashboard() {
  return dashboard('gateway', 'edge gateway', [
    panel(0, 'Requests per second by route and status class', 'reqps', [
      [
        `sum by (envoy_cluster_name, envoy_response_code_class) (rate(${routeSeries(M.upstreamByClass)}[5m]))`,
        '{{envoy_cluster_name}} {{envoy_response_code_class}}xx',
      ],
    ]),
    panel(1, 'Answers per second by status class; refused by the gateway (401 token, 429 limit)', 'reqps', [
      [
        `sum by (envoy_response_code_class) (rate(${gatewaySeries(M.downstreamByClass)}[5m]))`,
        '{{envoy_response_code_class}}xx',
      ],
      [`sum(rate(${gatewaySeries(M.jwtDenied)}[5m]))`, '401 token refused'],
      [`sum(rate(${RATE_LIMITED}[5m]))`, '429 rate limited'],
    ]),
    panel(2, 'p99 latency: at the gateway, at the services, and what the gateway adds', 'ms', [
      [p99(gatewaySeries(`${M.downstreamTime}_bucket`)), 'gateway (whole request)'],
      [p99(routeSeries(`${M.upstreamTime}_bucket`)), 'services behind it'],
      [
        `${p99(gatewaySeries(`${M.downstreamTime}_bucket`))} - ${p99(routeSeries(`${M.upstreamTime}_bucket`))}`,
        'added by the gateway',
      ],
    ]),
    panel(3, 'p99 latency of the services by route', 'ms', [
      [p99(routeSeries(`${M.upstreamTime}_bucket`), 'envoy_cluster_name'), '{{envoy_cluster_name}}'],
    ]),
  ]);
}

/** The mesh: calls between services through the waypoint, and the ones its policies refuse, by who called whom. */
export function meshDashboard() {
  const calls = `${MESH_REQUESTS}{reporter="waypoint"}`;
  return dashboard('mesh', 'mesh', [
    panel(0, 'Calls per second through the waypoint by source, destination and code', 'reqps', [
      [
        `sum by (source_workload, destination_service_name, response_code) (rate(${calls}[5m]))`,
        '{{source_workload}} → {{destination_service_name}} {{response_code}}',
      ],
    ]),
    panel(1, 'Calls refused by the mesh’s policies (403) by source and destination', 'reqps', [
      [
        `sum by (source_workload, destination_service_name) (rate(${meshDenials}[5m]))`,
        '{{source_workload}} → {{destination_service_name}}',
      ],
    ]),
  ]);
}
