import * as path from 'node:path';

/**
 * Third-party charts, pinned: an unpinned chart upgrades itself on the next `pulumi up` and turns a
 * config change into a platform upgrade. Bump deliberately, one chart per change, after reading its notes.
 */
export const THIRD_PARTY_CHARTS = {
  awsLoadBalancerController: {
    chart: 'aws-load-balancer-controller',
    version: '1.14.0',
    repo: 'https://aws.github.io/eks-charts',
  },
  metricsServer: {
    chart: 'metrics-server',
    version: '3.12.2',
    repo: 'https://kubernetes-sigs.github.io/metrics-server/',
  },
  clusterAutoscaler: {
    chart: 'cluster-autoscaler',
    version: '9.50.1',
    repo: 'https://kubernetes.github.io/autoscaler',
  },
  // MongoDB Controllers for Kubernetes: reconciles helm/mongodb's MongoDBCommunity resource.
  mongodbOperator: { chart: 'mongodb-kubernetes', version: '1.6.1', repo: 'https://mongodb.github.io/helm-charts' },
  kubePrometheusStack: {
    chart: 'kube-prometheus-stack',
    version: '75.15.1',
    repo: 'https://prometheus-community.github.io/helm-charts',
  },
  // Receives the services' OTLP traces, samples them and sends them to X-Ray (pulumi/components/tracing.ts).
  openTelemetryCollector: {
    chart: 'opentelemetry-collector',
    version: '0.158.3',
    repo: 'https://open-telemetry.github.io/opentelemetry-helm-charts',
  },
  // Runs the services' blue-green releases (pulumi/components/rollouts.ts); appVersion v1.9.1, the release the
  // chart checks' Rollout schemas come from (tools/helm-checks/schemas/argo-rollouts-v1.9.1.json).
  argoRollouts: { chart: 'argo-rollouts', version: '2.41.1', repo: 'https://argoproj.github.io/argo-helm' },
  // Ships the services' container logs to CloudWatch Logs (pulumi/components/logging.ts).
  fluentBit: { chart: 'fluent-bit', version: '0.57.9', repo: 'https://fluent.github.io/helm-charts' },
} as const;

/**
 * Cluster Autoscaler must match the Kubernetes minor version it scales, so its image follows the
 * cluster version instead of the chart default.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Record<string, string> = {
  '1.32': 'v1.32.5',
  '1.33': 'v1.33.3',
};

/** Absolute path of a chart in this repository's `helm/` folder, independent of the working directory. */
export function localChartPath(chart: string): string {
  return path.resolve(__dirname, '..', '..', 'helm', chart);
}

/** The chart's own per-environment values (helm/<chart>/values-<stack>.yaml), layered under the stack's values. */
export function stackValuesFile(chart: string, stack: string): string {
  return path.join(localChartPath(chart), `values-${stack}.yaml`);
}

/**
 * Every Helm release waits for its resources to become ready and rolls back by itself on failure, so
 * dependent resources start only after a healthy release and a bad release never stays half-applied.
 */
export const RELEASE_DEFAULTS = { atomic: true, cleanupOnFail: true, timeout: 600, maxHistory: 10 } as const;
