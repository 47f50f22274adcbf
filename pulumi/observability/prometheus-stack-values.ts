import type * as pulumi from '@pulumi/pulumi';

export interface PrometheusStackValuesArgs {
  /** How long Prometheus keeps samples, e.g. `7d`. */
  retention: string;
  /** Size of Prometheus' volume in GiB. */
  storageGi: number;
  /** Secret holding Grafana's admin user and password (keys `admin-user`, `admin-password`). */
  grafanaAdminSecret: pulumi.Input<string>;
  /** SNS topic alerts are published to (it e-mails the on-call address). */
  alertTopicArn: pulumi.Input<string>;
  /** IRSA role allowing Alertmanager to publish to that topic. */
  alertmanagerRoleArn: pulumi.Input<string>;
  /** AWS region of the topic, for SigV4 signing. */
  region: string;
}

export const ALERTMANAGER_SERVICE_ACCOUNT = 'alertmanager';
/** Prometheus' ServiceAccount as the chart names it (<release>-prometheus): its identity in the mesh. */
export const PROMETHEUS_SERVICE_ACCOUNT = 'kube-prometheus-stack-prometheus';

/**
 * Values for kube-prometheus-stack. Alerts leave through SNS with the pod's IAM role, so no SMTP
 * password ever sits in Helm values; Grafana's admin password comes from a Secret by reference.
 */
export function prometheusStackValues(a: PrometheusStackValuesArgs) {
  return {
    // Select every ServiceMonitor and PrometheusRule in the cluster, not only those labelled for this release.
    prometheus: {
      // Named explicitly (the chart's default name): the mesh's policies admit this identity to /metrics.
      serviceAccount: { create: true, name: PROMETHEUS_SERVICE_ACCOUNT },
      prometheusSpec: {
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        ruleSelectorNilUsesHelmValues: false,
        retention: a.retention,
        resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { memory: '2Gi' } },
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: 'gp3',
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: `${a.storageGi}Gi` } },
            },
          },
        },
      },
    },
    alertmanager: {
      serviceAccount: {
        create: true,
        name: ALERTMANAGER_SERVICE_ACCOUNT,
        annotations: { 'eks.amazonaws.com/role-arn': a.alertmanagerRoleArn },
      },
      alertmanagerSpec: { resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { memory: '128Mi' } } },
      config: {
        route: {
          receiver: 'on-call',
          group_by: ['alertname', 'service', 'namespace'],
          group_wait: '30s',
          group_interval: '5m',
          repeat_interval: '4h',
          // Watchdog fires all the time on purpose (it proves the pipeline works); it must not page anyone.
          routes: [{ receiver: 'null', matchers: ['alertname = "Watchdog"'] }],
        },
        receivers: [
          { name: 'null' },
          {
            name: 'on-call',
            sns_configs: [
              {
                topic_arn: a.alertTopicArn,
                sigv4: { region: a.region },
                subject: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}',
                send_resolved: true,
              },
            ],
          },
        ],
      },
    },
    grafana: {
      admin: { existingSecret: a.grafanaAdminSecret, userKey: 'admin-user', passwordKey: 'admin-password' },
      // Dashboards are ConfigMaps labelled grafana_dashboard, picked up from every namespace.
      sidecar: { dashboards: { enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL' } },
      resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    },
  };
}
