import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { LoggingSettings } from '../config/telemetry';
import { LOGGING_NAMESPACE } from '../config/namespaces';
import { RELEASE_DEFAULTS, THIRD_PARTY_CHARTS } from '../lib/charts';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import {
  FLUENT_BIT_RELEASE,
  FLUENT_BIT_SERVICE_ACCOUNT,
  fallbackLogGroupName,
  fluentBitValues,
  serviceLogGroupName,
} from '../observability/fluent-bit-values';
import { savedQueries } from '../observability/log-queries';
import { fluentBitNetworkPolicySpec, logWriterPolicy } from '../observability/telemetry-access';

export interface LoggingArgs {
  stack: string;
  region: string;
  oidc: OidcProvider;
  provider: k8s.Provider;
  nodesReady: pulumi.Resource;
  /** Services that get a log group each. */
  services: readonly string[];
  settings: LoggingSettings;
  after: pulumi.Resource[];
}

/**
 * The log pipeline: one CloudWatch log group per service with the stack's retention, Fluent Bit (official
 * chart, DaemonSet) shipping the services' JSON lines there as fields under a role that may only write to
 * those groups, and the Logs Insights queries operators start from, saved as code.
 */
export class Logging extends pulumi.ComponentResource {
  /** Log group names by service. */
  public readonly groupNames: Record<string, pulumi.Output<string>> = {};
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: LoggingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:logging:Logging', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    const group = (key: string, groupName: string) =>
      new aws.cloudwatch.LogGroup(
        `${name}-${key}`,
        { name: groupName, retentionInDays: args.settings.retentionDays },
        { parent: this },
      );
    const serviceGroups = args.services.map((service) => group(service, serviceLogGroupName(args.stack, service)));
    args.services.forEach((service, i) => (this.groupNames[service] = serviceGroups[i].name));
    const fallback = group('unrouted', fallbackLogGroupName(args.stack));
    const groupArns = pulumi.all([...serviceGroups, fallback].map((g) => g.arn));

    for (const query of savedQueries(args.stack)) {
      new aws.cloudwatch.QueryDefinition(
        `${name}-query-${query.key}`,
        { name: query.title, queryString: query.query, logGroupNames: serviceGroups.map((g) => g.name) },
        { parent: this },
      );
    }

    const role = new IrsaRole(
      `${name}-fluent-bit`,
      {
        oidc: args.oidc,
        namespace: LOGGING_NAMESPACE,
        serviceAccount: FLUENT_BIT_SERVICE_ACCOUNT,
        inlinePolicy: groupArns.apply(logWriterPolicy),
      },
      { parent: this },
    );

    // No Pod Security label: reading the nodes' log files takes a hostPath, which even "baseline" refuses.
    const namespace = new k8s.core.v1.Namespace(name, { metadata: { name: LOGGING_NAMESPACE } }, k8sOpts);
    const policy = new k8s.networking.v1.NetworkPolicy(
      `${name}-fluent-bit`,
      {
        metadata: { name: FLUENT_BIT_RELEASE, namespace: namespace.metadata.name },
        spec: fluentBitNetworkPolicySpec(),
      },
      k8sOpts,
    );

    const chart = THIRD_PARTY_CHARTS.fluentBit;
    this.release = new k8s.helm.v3.Release(
      `${name}-fluent-bit`,
      {
        ...RELEASE_DEFAULTS,
        name: FLUENT_BIT_RELEASE,
        namespace: namespace.metadata.name,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repo },
        values: fluentBitValues({
          stack: args.stack,
          region: args.region,
          services: args.services,
          roleArn: role.arn,
        }),
      },
      { ...k8sOpts, dependsOn: [args.nodesReady, policy, fallback, ...serviceGroups, ...args.after] },
    );
    this.registerOutputs({});
  }
}
