import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { accountAdministersKey } from '../lib/kms';
import { RELEASE_DEFAULTS, THIRD_PARTY_CHARTS } from '../lib/charts';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { accountIdOf } from '../lib/trust';
import { alertRuleGroups, grafanaDashboards } from '../observability/catalog';
import { MONITORING_NAMESPACE } from '../config/namespaces';
import { AMBIENT_LABEL } from '../mesh/istio-values';
import { ALERTMANAGER_SERVICE_ACCOUNT, prometheusStackValues } from '../observability/prometheus-stack-values';

export interface ObservabilityArgs {
  /** Physical EKS cluster name (Container Insights is an add-on of it). */
  clusterName: pulumi.Input<string>;
  /** AWS region, for Alertmanager's SigV4 signing, and where the CloudWatch alarms publishing to the topic are. */
  region: string;
  /** The cluster's OIDC provider, for Alertmanager's and the CloudWatch agent's IRSA roles. */
  oidc: OidcProvider;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Resource that completes once nodes can run pods. */
  nodesReady: pulumi.Resource;
  /** Releases to install after (the Load Balancer Controller, whose webhooks refuse objects until it runs). */
  after: pulumi.Resource[];
  /** Services that get a dashboard each. */
  services: readonly string[];
  /** Address alerts are e-mailed to (through SNS; the address must confirm the subscription once). */
  alertEmail: string;
  /** Prometheus retention, e.g. `15d`. */
  retention: string;
  /** Prometheus volume size in GiB. */
  storageGi: number;
  /** Name of the database backup CronJob, watched by the backup alerts. */
  backupCronJob: string;
  /** Where docs/operations/runbooks is browsable; alerts with a runbook link into it. */
  runbookBaseUrl: string;
  /**
   * Whether Prometheus joins the mesh: its scrapes of the services then carry its workload identity, which helm/mesh
   * admits to GET /metrics (the services accept only mutual TLS once in the mesh).
   */
  inMesh: boolean;
}

/** Only CloudWatch alarms of this account and region may act through the alert topic (aws:SourceArn/SourceAccount). */
function fromAlarmsOf(accountId: string, region: string) {
  return {
    StringEquals: { 'aws:SourceAccount': accountId },
    ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
  };
}

/**
 * The alert topic key's policy: the account administers it (IAM policies decide within the account, Alertmanager's
 * role among them), and CloudWatch may encrypt and decrypt with it for this account's alarms, the least SNS needs
 * from a publisher. An AWS-managed key (alias/aws/sns) cannot grant CloudWatch: its alarms would be dropped.
 */
export function alertKeyPolicy(accountId: string, region: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      accountAdministersKey(accountId),
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        Condition: fromAlarmsOf(accountId, region),
      },
    ],
  };
}

/**
 * The alert topic's policy, in place of SNS's default (which lets anything the account owns publish): CloudWatch
 * may publish, for this account's alarms only. The account's own principals publish by their IAM policies.
 */
export function alertTopicPolicy(topicArn: string, accountId: string, region: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: fromAlarmsOf(accountId, region),
      },
    ],
  };
}

/**
 * Metrics, dashboards and alerting: kube-prometheus-stack (Prometheus, Alertmanager, Grafana,
 * kube-state-metrics), one dashboard per service as code, the platform's alert rules, alerts e-mailed
 * through SNS, and CloudWatch Container Insights for node and pod metrics kept outside the cluster.
 */
export class Observability extends pulumi.ComponentResource {
  /** The monitoring release; workloads with ServiceMonitors depend on it for the CRDs. */
  public readonly release: k8s.helm.v3.Release;
  /** Reaches the people on call by e-mail; Alertmanager and this account's CloudWatch alarms may publish to it. */
  public readonly alertTopicArn: pulumi.Output<string>;

  constructor(name: string, args: ObservabilityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:observability:Observability', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    const namespace = new k8s.core.v1.Namespace(
      name,
      { metadata: { name: MONITORING_NAMESPACE, ...(args.inMesh ? { labels: AMBIENT_LABEL } : {}) } },
      k8sOpts,
    );

    // The account, from the OIDC provider's ARN (arn:aws:iam::<account>:oidc-provider/...), without a lookup.
    const accountId = pulumi.output(args.oidc.arn).apply(accountIdOf);
    const key = new aws.kms.Key(
      `${name}-alerts`,
      {
        description: 'Alert topic (SNS): Alertmanager and CloudWatch alarms publish through it',
        enableKeyRotation: true,
        policy: accountId.apply((id) => JSON.stringify(alertKeyPolicy(id, args.region))),
      },
      { parent: this },
    );
    const topic = new aws.sns.Topic(name, { kmsMasterKeyId: key.arn }, { parent: this });
    new aws.sns.TopicPolicy(
      name,
      {
        arn: topic.arn,
        policy: pulumi
          .all([topic.arn, accountId])
          .apply(([arn, id]) => JSON.stringify(alertTopicPolicy(arn, id, args.region))),
      },
      { parent: this },
    );
    new aws.sns.TopicSubscription(
      name,
      { topic: topic.arn, protocol: 'email', endpoint: args.alertEmail },
      { parent: this },
    );
    const alertmanagerRole = new IrsaRole(
      `${name}-alertmanager`,
      {
        oidc: args.oidc,
        namespace: MONITORING_NAMESPACE,
        serviceAccount: ALERTMANAGER_SERVICE_ACCOUNT,
        inlinePolicy: pulumi.all([topic.arn, key.arn]).apply(([topicArn, keyArn]) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: 'sns:Publish', Resource: topicArn },
              // The topic is encrypted with this key: SNS uses it with the publisher's permissions.
              {
                Effect: 'Allow',
                Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
                Resource: keyArn,
                Condition: { StringEquals: { 'kms:ViaService': `sns.${args.region}.amazonaws.com` } },
              },
            ],
          }),
        ),
      },
      { parent: this },
    );

    const grafanaPassword = new random.RandomPassword(
      `${name}-grafana-admin`,
      { length: 32, special: false },
      { parent: this },
    );
    const grafanaSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: 'grafana-admin', namespace: namespace.metadata.name },
        stringData: { 'admin-user': 'admin', 'admin-password': grafanaPassword.result },
      },
      k8sOpts,
    );

    const chart = THIRD_PARTY_CHARTS.kubePrometheusStack;
    this.release = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      {
        ...RELEASE_DEFAULTS,
        name: 'kube-prometheus-stack',
        namespace: namespace.metadata.name,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repo },
        values: prometheusStackValues({
          retention: args.retention,
          storageGi: args.storageGi,
          grafanaAdminSecret: grafanaSecret.metadata.name,
          alertTopicArn: topic.arn,
          alertmanagerRoleArn: alertmanagerRole.arn,
          region: args.region,
        }),
      },
      { ...k8sOpts, dependsOn: [args.nodesReady, grafanaSecret, ...args.after] },
    );

    for (const [key, dashboard] of Object.entries(grafanaDashboards(args.services))) {
      new k8s.core.v1.ConfigMap(
        `${name}-dashboard-${key}`,
        {
          metadata: {
            name: `dashboard-${key}`,
            namespace: namespace.metadata.name,
            labels: { grafana_dashboard: '1' },
          },
          data: { [`${key}.json`]: JSON.stringify(dashboard) },
        },
        k8sOpts,
      );
    }

    // The PrometheusRule kind exists only once the chart has installed its CRDs.
    new k8s.apiextensions.CustomResource(
      `${name}-alert-rules`,
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'ecommerce-alerts', namespace: namespace.metadata.name },
        spec: {
          groups: alertRuleGroups({
            thresholds: { errorRatio: 0.05, p99Seconds: 1, backupCronJob: args.backupCronJob },
            runbookBaseUrl: args.runbookBaseUrl,
          }),
        },
      },
      { ...k8sOpts, dependsOn: [this.release] },
    );

    const cloudWatchRole = new IrsaRole(
      `${name}-cloudwatch-agent`,
      {
        oidc: args.oidc,
        namespace: 'amazon-cloudwatch',
        serviceAccount: 'cloudwatch-agent',
        managedPolicyArns: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'],
      },
      { parent: this },
    );
    new aws.eks.Addon(
      `${name}-container-insights`,
      {
        clusterName: args.clusterName,
        addonName: 'amazon-cloudwatch-observability',
        serviceAccountRoleArn: cloudWatchRole.arn,
        // Container logs go through the log pipeline (components/logging.ts), one group per service; the add-on's
        // own Fluent Bit would ingest (and bill) every line a second time into one shared group.
        configurationValues: JSON.stringify({ containerLogs: { enabled: false } }),
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
      },
      { parent: this, dependsOn: [args.nodesReady] },
    );

    this.alertTopicArn = topic.arn;
    this.registerOutputs({ alertTopicArn: this.alertTopicArn });
  }
}
