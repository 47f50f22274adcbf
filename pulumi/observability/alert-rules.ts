import { DATABASE_NAMESPACE } from '../config/namespaces';
import { HTTP_DURATION, STATUS_LABEL, serviceSelector } from './metrics';

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  labels: { severity: 'critical' | 'warning' };
  /** `runbook_url`: the runbook the alert e-mail links to (where one exists). */
  annotations: { summary: string; description: string; runbook_url?: string };
}

export interface AlertThresholds {
  /** Share of requests answered with 5xx that pages someone (0.05 = 5 %). */
  errorRatio: number;
  /** p99 request latency, in seconds, considered too slow. */
  p99Seconds: number;
  /** Name of the database backup CronJob whose failures must be noticed. */
  backupCronJob: string;
  /** Where docs/operations/runbooks is browsable; with it, every rule links its runbook. */
  runbookBaseUrl?: string;
}

/** The runbook (and its section, when it has one per alert) of each platform alert. */
const RUNBOOKS: Record<string, string> = {
  ServiceErrorRateHigh: 'high-error-rate.md',
  ServiceLatencyP99High: 'platform-saturation.md#servicelatencyp99high',
  PodRestartingOften: 'crash-looping-pods.md',
  ContainerMemoryNearLimit: 'platform-saturation.md#containermemorynearlimit',
  AutoscalerAtMaximum: 'platform-saturation.md#autoscaleratmaximum',
  DatabaseVolumeFillingUp: 'database-storage-and-backups.md#databasevolumefillingup',
  DatabaseBackupFailed: 'database-storage-and-backups.md#databasebackupfailed',
  DatabaseBackupMissing: 'database-storage-and-backups.md#databasebackupmissing',
  RateLimitStoreFallback: 'security-signals.md#ratelimitstorefallback',
  AccountUnderAttack: 'security-signals.md#accountunderattack',
};

const allRequests = `rate(${HTTP_DURATION}_count${serviceSelector()}[5m])`;
const failedRequests = `rate(${HTTP_DURATION}_count${serviceSelector(undefined, `${STATUS_LABEL}=~"5.."`)}[5m])`;
const watchedNamespaces = `namespace=~"ecommerce|${DATABASE_NAMESPACE}"`;

/** The platform's alert rules: symptoms users notice first, then the causes that precede them. */
export function alertRules(t: AlertThresholds): AlertRule[] {
  const rules = platformRules(t);
  if (!t.runbookBaseUrl) return rules;
  return rules.map((rule) => ({
    ...rule,
    annotations: { ...rule.annotations, runbook_url: `${t.runbookBaseUrl}/${RUNBOOKS[rule.alert]}` },
  }));
}

function platformRules(t: AlertThresholds): AlertRule[] {
  return [
    {
      alert: 'ServiceErrorRateHigh',
      expr: `sum by (service) (${failedRequests}) / sum by (service) (${allRequests}) > ${t.errorRatio}`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: '{{ $labels.service }} answers more than ' + `${t.errorRatio * 100}% of requests with 5xx`,
        description: 'Check the service logs and its upstreams (breaker state) and the database.',
      },
    },
    {
      alert: 'ServiceLatencyP99High',
      expr: `histogram_quantile(0.99, sum by (service, le) (rate(${HTTP_DURATION}_bucket${serviceSelector()}[5m]))) > ${t.p99Seconds}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: `{{ $labels.service }} p99 latency above ${t.p99Seconds}s`,
        description: 'Look at saturation (CPU throttling, HPA at max), slow queries and upstream latency.',
      },
    },
    {
      alert: 'PodRestartingOften',
      expr: `increase(kube_pod_container_status_restarts_total{${watchedNamespaces}}[15m]) > 2`,
      for: '0m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $labels.namespace }}/{{ $labels.pod }} restarted more than twice in 15 minutes',
        description: 'Crash loop or failing liveness probe: see `kubectl describe pod` and the previous logs.',
      },
    },
    {
      alert: 'ContainerMemoryNearLimit',
      expr:
        `max by (namespace, pod, container) (container_memory_working_set_bytes{${watchedNamespaces},container!=""}` +
        ` / on (namespace, pod, container) kube_pod_container_resource_limits{resource="memory"}) > 0.9`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $labels.pod }} uses more than 90% of its memory limit',
        description: 'It will be OOM-killed soon: raise the limit or find the leak.',
      },
    },
    {
      alert: 'AutoscalerAtMaximum',
      expr:
        'kube_horizontalpodautoscaler_status_current_replicas{namespace="ecommerce"}' +
        ' >= kube_horizontalpodautoscaler_spec_max_replicas{namespace="ecommerce"}',
      for: '15m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $labels.horizontalpodautoscaler }} has run at its maximum replicas for 15 minutes',
        description: 'The service is saturated: raise workload.maxReplicas or the node group maximum.',
      },
    },
    {
      alert: 'DatabaseVolumeFillingUp',
      expr:
        `kubelet_volume_stats_available_bytes{namespace="${DATABASE_NAMESPACE}"}` +
        ` / kubelet_volume_stats_capacity_bytes{namespace="${DATABASE_NAMESPACE}"} < 0.15`,
      for: '10m',
      labels: { severity: 'critical' },
      annotations: {
        summary: '{{ $labels.persistentvolumeclaim }} has less than 15% free space',
        description: 'Expand the volume (the gp3 class allows expansion) before MongoDB stops accepting writes.',
      },
    },
    {
      alert: 'DatabaseBackupFailed',
      expr: `kube_job_status_failed{namespace="${DATABASE_NAMESPACE}",job_name=~"${t.backupCronJob}-.*"} > 0`,
      for: '0m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'A MongoDB backup job failed',
        description:
          'See the job logs in the database namespace; the last good backup is the newest object in the bucket.',
      },
    },
    {
      alert: 'DatabaseBackupMissing',
      expr: `time() - kube_cronjob_status_last_successful_time{namespace="${DATABASE_NAMESPACE}",cronjob="${t.backupCronJob}"} > 26 * 3600`,
      for: '0m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'No successful MongoDB backup for more than 26 hours',
        description: 'The daily backup did not run or did not succeed: check the CronJob and its last jobs.',
      },
    },
    {
      // Limits then hold per replica only (docs/decisions/0017): an attacker gets replicas × the limit.
      alert: 'RateLimitStoreFallback',
      expr: `sum by (service) (increase(rate_limit_store_fallback_total${serviceSelector()}[5m])) > 0`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: '{{ $labels.service }} limits requests in its own memory: Redis does not answer',
        description: 'Rate limits and login throttling are per replica until Redis is back: check the cache.',
      },
    },
    {
      alert: 'AccountUnderAttack',
      expr: `sum(increase(auth_accounts_under_attack_total${serviceSelector('user-service')}[15m])) > 0`,
      for: '0m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'An account was locked: failed logins for it came from many addresses',
        description: 'A distributed password attack: see the account_under_attack log lines and the admin view.',
      },
    },
  ];
}
