import path from 'node:path';

/** The helm/ folder: every chart is a direct child of it. */
export const HELM_DIR = path.resolve(__dirname, '..');

/** The library chart every other chart depends on (file://../common). */
export const LIBRARY_CHART = 'common';

/** The four service charts, built on the library chart and sharing one values contract. */
export const SERVICE_CHARTS = ['product-service', 'user-service', 'cart-service', 'order-service'] as const;
export type ServiceChart = (typeof SERVICE_CHARTS)[number];

/** Every installable chart. */
export const APPLICATION_CHARTS = [...SERVICE_CHARTS, 'mongodb'] as const;
export type ApplicationChart = (typeof APPLICATION_CHARTS)[number];

/** The Pulumi stacks; each chart has a values-<stack>.yaml. */
export const STACKS = ['staging', 'prod'] as const;

export const chartDir = (chart: string): string => path.join(HELM_DIR, chart);

export const stackValuesFile = (chart: string, stack: string): string =>
  path.join(chartDir(chart), `values-${stack}.yaml`);

/** Placeholders for what the Pulumi program adds on top of values-<stack>.yaml (see helm/README.md). */
export const stackOverridesFile = (chart: ApplicationChart): string =>
  path.join(HELM_DIR, 'ci', chart === 'mongodb' ? 'mongodb-stack-overrides.yaml' : 'service-stack-overrides.yaml');
