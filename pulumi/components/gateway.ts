import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RELEASE_DEFAULTS, localChartPath, stackValuesFile } from '../lib/charts';
import {
  controllerNetworkPolicySpec,
  controllerValues,
  EDGE_GATEWAY_RELEASE,
  edgeGatewayValues,
  GATEWAY_CLASS,
  GATEWAY_CONTROLLER_NAMESPACE,
  GATEWAY_CONTROLLER_RELEASE,
  type EdgeGatewayValuesArgs,
} from '../gateway/gateway-values';
import { ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_CONTROLLER } from '../gateway/versions';
import { podMonitors } from '../observability/traffic-monitors';
import { namespaceWithPodSecurity } from '../lib/namespaces';

export interface GatewayArgs extends EdgeGatewayValuesArgs {
  /** Stack name, selecting helm/gateway/values-<stack>.yaml (the Envoy pods' sizing and spread). */
  stack: string;
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Resource that completes once nodes can run pods. */
  nodesReady: pulumi.Resource;
  /** The app namespace, where the Gateway and its Envoy proxies run. */
  namespace: pulumi.Input<string>;
  /**
   * To install the controller after: the Load Balancer Controller (its webhooks refuse objects until it runs) and
   * kube-prometheus-stack (the ServiceMonitor CRD).
   */
  after: pulumi.Resource[];
  /** What helm/gateway waits for besides the controller: the mesh's policies, when the mesh is on. */
  edgeAfter: pulumi.Resource[];
}

/**
 * The edge gateway (docs/pulumi/gateway.md): Envoy Gateway's controller in its own restricted namespace, the
 * GatewayClass naming it, then helm/gateway in the app namespace: the Gateway, its Envoy proxies, the routes of the
 * declared route table, token checks, rate limits, CORS and the ALB Ingress every public request arrives through.
 */
export class Gateway extends pulumi.ComponentResource {
  /** helm/gateway; its Ingress (named like it) is the one the shared ALB is made from. */
  public readonly release: k8s.helm.v3.Release;
  /** `<namespace>/<name>` of the gateway's ALB Ingress, known once the release is deployed. */
  public readonly ingress: pulumi.Output<string>;

  constructor(name: string, args: GatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:gateway:Gateway', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    const namespace = namespaceWithPodSecurity(
      name,
      { namespace: GATEWAY_CONTROLLER_NAMESPACE, podSecurity: 'restricted' },
      k8sOpts,
    );

    const policy = new k8s.networking.v1.NetworkPolicy(
      `${name}-controller`,
      {
        metadata: { name: GATEWAY_CONTROLLER_RELEASE, namespace: namespace.metadata.name },
        spec: controllerNetworkPolicySpec(),
      },
      k8sOpts,
    );

    const controller = new k8s.helm.v3.Release(
      `${name}-controller`,
      {
        ...RELEASE_DEFAULTS,
        name: GATEWAY_CONTROLLER_RELEASE,
        namespace: namespace.metadata.name,
        chart: ENVOY_GATEWAY_CHART.chart,
        version: ENVOY_GATEWAY_CHART.version,
        values: controllerValues({ proxyReplicas: args.gateway.replicas }),
      },
      { ...k8sOpts, dependsOn: [args.nodesReady, policy, ...args.after] },
    );

    // The kind exists once the controller's chart has installed the Gateway API CRDs.
    const gatewayClass = new k8s.apiextensions.CustomResource(
      `${name}-class`,
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: GATEWAY_CLASS },
        spec: { controllerName: ENVOY_GATEWAY_CONTROLLER },
      },
      { ...k8sOpts, dependsOn: [controller] },
    );

    this.release = new k8s.helm.v3.Release(
      `${name}-edge`,
      {
        ...RELEASE_DEFAULTS,
        name: EDGE_GATEWAY_RELEASE,
        namespace: args.namespace,
        chart: localChartPath('gateway'),
        // Resolves the shared library chart (a file://../common dependency); nothing is downloaded.
        dependencyUpdate: true,
        valueYamlFiles: [new pulumi.asset.FileAsset(stackValuesFile('gateway', args.stack))],
        values: edgeGatewayValues(args),
      },
      { ...k8sOpts, dependsOn: [controller, gatewayClass, ...args.after, ...args.edgeAfter] },
    );
    podMonitors(name, namespace.metadata.name, ['gatewayController'], { ...k8sOpts, dependsOn: [controller] });
    podMonitors(name, args.namespace, ['envoyProxies'], { ...k8sOpts, dependsOn: [this.release] });
    this.ingress = pulumi.interpolate`${this.release.status.namespace}/${this.release.status.name}`;
    this.registerOutputs({ ingress: this.ingress });
  }
}
