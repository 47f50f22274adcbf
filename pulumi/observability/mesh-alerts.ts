import type { AlertRule } from './alert-rules';
import { ISTIOD_AVAILABLE, NODE_AGENTS_UNAVAILABLE, meshDenials } from './traffic-metrics';

/**
 * The mesh: a refused call between services warns (a call missing from helm/mesh's table, or a workload running
 * under the wrong identity); istiod or a node agent down pages (no new certificates or configuration; on a node
 * without ztunnel the pods of the mesh cannot talk at all). docs/operations/runbooks/mesh-refused-call.md.
 */
export function meshAlertRules(runbookBaseUrl: string): AlertRule[] {
  const runbook = `${runbookBaseUrl}/mesh-refused-call.md`;
  return [
    {
      alert: 'MeshCallsDenied',
      expr: `sum by (source_workload, destination_service_name) (rate(${meshDenials}[5m])) > 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'The mesh refuses {{ $labels.source_workload }} calling {{ $labels.destination_service_name }}',
        description:
          'The waypoint answers 403 because no AuthorizationPolicy of helm/mesh allows this call: a new call ' +
          'missing from the calls table, or a workload under another ServiceAccount.',
        runbook_url: `${runbook}#how-it-shows`,
      },
    },
    {
      alert: 'MeshControlPlaneDown',
      expr: `sum(${ISTIOD_AVAILABLE}) == 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'No istiod replica has been available for 5 minutes',
        description:
          'Running proxies keep their configuration and certificates until these expire (24 h); new pods, the ' +
          'waypoint and ztunnel on new nodes cannot start in the mesh, and policy changes do not apply.',
        runbook_url: `${runbook}#what-to-do`,
      },
    },
    {
      alert: 'MeshNodeAgentDown',
      expr: `max by (daemonset) (${NODE_AGENTS_UNAVAILABLE}) > 0`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: '{{ $value }} node(s) have had no ready {{ $labels.daemonset }} for 10 minutes',
        description:
          'Without ztunnel (or the CNI agent that redirects to it) the pods of the mesh on that node cannot send ' +
          'or receive anything: drain the node or fix the agent.',
        runbook_url: `${runbook}#what-to-do`,
      },
    },
  ];
}
