import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { TracingSettings } from '../config/telemetry';
import { TRACING_NAMESPACE } from '../config/namespaces';
import { RELEASE_DEFAULTS, THIRD_PARTY_CHARTS } from '../lib/charts';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import {
  COLLECTOR_OTLP_ENDPOINT,
  COLLECTOR_RELEASE,
  COLLECTOR_SERVICE_ACCOUNT,
  collectorValues,
} from '../observability/collector-values';
import { collectorNetworkPolicySpec, xrayWriterPolicy } from '../observability/telemetry-access';
import { namespaceWithPodSecurity } from '../lib/namespaces';

export interface TracingArgs {
  region: string;
  oidc: OidcProvider;
  provider: k8s.Provider;
  nodesReady: pulumi.Resource;
  /** Sampling of this stack (ecommerce:tracing). */
  settings: TracingSettings;
  /** The services' log groups, which X-Ray links each trace to. */
  logGroupNames: pulumi.Input<string>[];
  /** Releases to install after (the Load Balancer Controller, whose webhooks refuse objects until it runs). */
  after: pulumi.Resource[];
}

/**
 * Traces in AWS: the OpenTelemetry Collector (official chart, contrib image) receives OTLP from the services,
 * samples per stack and sends to X-Ray under an IRSA role that may only write traces
 * (docs/decisions/0016-trace-backend.md).
 */
export class Tracing extends pulumi.ComponentResource {
  /** What the services set OTEL_EXPORTER_OTLP_ENDPOINT to. */
  public readonly otlpEndpoint = COLLECTOR_OTLP_ENDPOINT;
  public readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: TracingArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:tracing:Tracing', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    // The collector needs nothing of the node: the restricted profile holds it to that.
    const namespace = namespaceWithPodSecurity(
      name,
      { namespace: TRACING_NAMESPACE, podSecurity: 'restricted' },
      k8sOpts,
    );

    const role = new IrsaRole(
      `${name}-collector`,
      {
        oidc: args.oidc,
        namespace: TRACING_NAMESPACE,
        serviceAccount: COLLECTOR_SERVICE_ACCOUNT,
        inlinePolicy: xrayWriterPolicy(),
      },
      { parent: this },
    );

    const policy = new k8s.networking.v1.NetworkPolicy(
      `${name}-collector`,
      { metadata: { name: COLLECTOR_RELEASE, namespace: namespace.metadata.name }, spec: collectorNetworkPolicySpec() },
      k8sOpts,
    );

    const chart = THIRD_PARTY_CHARTS.openTelemetryCollector;
    this.release = new k8s.helm.v3.Release(
      `${name}-collector`,
      {
        ...RELEASE_DEFAULTS,
        name: COLLECTOR_RELEASE,
        namespace: namespace.metadata.name,
        chart: chart.chart,
        version: chart.version,
        repositoryOpts: { repo: chart.repo },
        values: collectorValues({
          tracing: args.settings,
          region: args.region,
          roleArn: role.arn,
          logGroupNames: args.logGroupNames,
        }),
      },
      { ...k8sOpts, dependsOn: [args.nodesReady, policy, ...args.after] },
    );
    this.registerOutputs({});
  }
}
