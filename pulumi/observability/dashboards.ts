import { APP_NAMESPACE } from '../config/namespaces';
import { HTTP_DURATION, STATUS_LABEL, serviceSelector } from './metrics';
import { eventPanels } from './event-panels';
import { PAYING_SERVICE, PAYMENT_METRICS, paymentSeries } from './payment-alerts';

export interface Panel {
  title: string;
  type: 'timeseries';
  gridPos: { x: number; y: number; w: number; h: number };
  fieldConfig: { defaults: { unit: string } };
  targets: { expr: string; legendFormat: string; refId: string }[];
}

export function panel(index: number, title: string, unit: string, queries: [expr: string, legend: string][]): Panel {
  return {
    title,
    type: 'timeseries',
    // Two panels per row, each half the 24-column grid.
    gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
    fieldConfig: { defaults: { unit } },
    targets: queries.map(([expr, legendFormat], i) => ({ expr, legendFormat, refId: String.fromCharCode(65 + i) })),
  };
}

/** The paying service's extra row: payment outcomes, webhooks, refunds and orders past their deadline. */
function paymentPanels(first: number): Panel[] {
  const { overdue, payments, webhooks, refunds } = PAYMENT_METRICS;
  return [
    panel(first, 'Payments and refunds per minute by outcome', 'short', [
      [`sum by (outcome) (rate(${paymentSeries(payments)}[5m])) * 60`, 'payment {{outcome}}'],
      [`sum by (outcome) (rate(${paymentSeries(refunds)}[5m])) * 60`, 'refund {{outcome}}'],
    ]),
    panel(first + 1, 'Stripe webhooks per minute by result; orders past their payment deadline', 'short', [
      [`sum by (result) (rate(${paymentSeries(webhooks)}[5m])) * 60`, 'webhook {{result}}'],
      [`max(${paymentSeries(overdue)})`, 'overdue PENDING_PAYMENT'],
    ]),
  ];
}

/** A Grafana dashboard for one service: traffic, errors, latency, restarts and resource use (payments, events). */
export function serviceDashboard(service: string) {
  const requests = `${HTTP_DURATION}_count${serviceSelector(service)}`;
  const errors = `${HTTP_DURATION}_count${serviceSelector(service, `${STATUS_LABEL}=~"5.."`)}`;
  const buckets = `${HTTP_DURATION}_bucket${serviceSelector(service)}`;
  const pods = `namespace="${APP_NAMESPACE}",pod=~"${service}-.*",container!=""`;
  return {
    uid: `ecommerce-${service}`,
    title: `ecommerce / ${service}`,
    tags: ['ecommerce', service],
    timezone: 'utc',
    schemaVersion: 39,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    panels: [
      panel(0, 'Requests per second by route', 'reqps', [[`sum by (route) (rate(${requests}[5m]))`, '{{route}}']]),
      panel(1, 'Error ratio (5xx)', 'percentunit', [[`sum(rate(${errors}[5m])) / sum(rate(${requests}[5m]))`, '5xx']]),
      panel(2, 'Latency', 's', [
        [`histogram_quantile(0.5, sum by (le) (rate(${buckets}[5m])))`, 'p50'],
        [`histogram_quantile(0.99, sum by (le) (rate(${buckets}[5m])))`, 'p99'],
      ]),
      panel(3, 'Pod restarts (15 min)', 'short', [
        [`sum by (pod) (increase(kube_pod_container_status_restarts_total{${pods}}[15m]))`, '{{pod}}'],
      ]),
      panel(4, 'CPU (cores)', 'short', [
        [`sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}}[5m]))`, '{{pod}}'],
      ]),
      panel(5, 'Memory working set', 'bytes', [
        [`sum by (pod) (container_memory_working_set_bytes{${pods}})`, '{{pod}}'],
      ]),
      ...(service === PAYING_SERVICE ? paymentPanels(6) : []),
      ...eventPanels(service, service === PAYING_SERVICE ? 8 : 6),
    ],
  };
}
