import { APP_NAMESPACE } from '../config/namespaces';

/**
 * Names the dashboards and alerts query. The services expose request durations as a Prometheus histogram
 * labelled by route and status code; the ServiceMonitors add `namespace` and `service` (the Kubernetes
 * Service name, which equals the service name).
 */
export const HTTP_DURATION = 'http_request_duration_seconds';
export const STATUS_LABEL = 'status_code';

/** PromQL selector for one service's series (or every service's when `service` is omitted). */
export function serviceSelector(service?: string, extra = ''): string {
  const parts = [`namespace="${APP_NAMESPACE}"`];
  if (service) parts.push(`service="${service}"`);
  if (extra) parts.push(extra);
  return `{${parts.join(',')}}`;
}
