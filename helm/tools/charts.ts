import path from 'node:path';

/** The helm/ folder: every chart is a direct child of it. */
export const HELM_DIR = path.resolve(__dirname, '..');

/** The library chart every other chart depends on (file://../common). */
export const LIBRARY_CHART = 'common';

/** The services with a public API: an Ingress on the shared ALB, and a `helm test` through their Service. */
export const PUBLIC_SERVICE_CHARTS = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;
export type PublicServiceChart = (typeof PUBLIC_SERVICE_CHARTS)[number];

/**
 * Services nobody calls (event consumers): no Ingress, no ALB and no test pod in their values, so their
 * NetworkPolicy lets in only Prometheus (kubelet probes come from the node and are not subject to it).
 */
export const INTERNAL_SERVICE_CHARTS = ['notification-service'] as const;

/** Every service chart, built on the library chart and sharing one values contract. */
export const SERVICE_CHARTS = [...PUBLIC_SERVICE_CHARTS, ...INTERNAL_SERVICE_CHARTS] as const;
export type ServiceChart = (typeof SERVICE_CHARTS)[number];

export const isPublicServiceChart = (chart: string): chart is PublicServiceChart =>
  (PUBLIC_SERVICE_CHARTS as readonly string[]).includes(chart);

/**
 * Charts of the platform around the services (the namespace's mesh policy, the edge gateway), with values contracts
 * of their own.
 */
export const PLATFORM_CHARTS = ['mesh', 'gateway'] as const;

/** Every installable chart. */
export const APPLICATION_CHARTS = [...SERVICE_CHARTS, 'mongodb', ...PLATFORM_CHARTS] as const;
export type ApplicationChart = (typeof APPLICATION_CHARTS)[number];

/** The Pulumi stacks; each chart has a values-<stack>.yaml. */
export const STACKS = ['staging', 'prod'] as const;

export const chartDir = (chart: string): string => path.join(HELM_DIR, chart);

export const stackValuesFile = (chart: string, stack: string): string =>
  path.join(chartDir(chart), `values-${stack}.yaml`);

/** Placeholders for what the Pulumi program adds on top of values-<stack>.yaml (see helm/README.md). */
export const stackOverridesFile = (chart: ApplicationChart): string => {
  const file =
    chart === 'mongodb' || chart === 'mesh' || chart === 'gateway'
      ? `${chart}-stack-overrides.yaml`
      : isPublicServiceChart(chart)
        ? 'service-stack-overrides.yaml'
        : 'internal-service-stack-overrides.yaml';
  return path.join(HELM_DIR, 'ci', file);
};

/**
 * Values a chart cannot default, which every install must give (notification-service: the mail sender). The
 * chart checks layer this file on a chart's own defaults; undefined when the defaults install as they are.
 */
export const requiredValuesFile = (chart: ApplicationChart): string | undefined =>
  chart === 'notification-service' ? path.join(HELM_DIR, 'ci', 'notification-service-required-values.yaml') : undefined;
