import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, RELEASE_DEFAULTS, THIRD_PARTY_CHARTS } from '../lib/charts';
import { IrsaRole, type OidcProvider } from '../lib/irsa';
import { clusterAutoscalerPolicy } from '../platform/cluster-autoscaler-policy';
import { loadBalancerControllerPolicy } from '../platform/load-balancer-controller-policy';

export interface PlatformArgs {
  /** Physical EKS cluster name (controllers discover their cluster by it). */
  clusterName: pulumi.Input<string>;
  /** Kubernetes minor version; the Cluster Autoscaler image must match it. */
  kubernetesVersion: string;
  /** AWS region of the cluster. */
  region: string;
  /** VPC the load balancers are created in. */
  vpcId: pulumi.Input<string>;
  /** The cluster's OIDC provider, for the controllers' IRSA roles. */
  oidc: OidcProvider;
  /** Provider of the target cluster; every Kubernetes resource here uses it. */
  provider: k8s.Provider;
  /** Resource that completes once nodes can run pods. */
  nodesReady: pulumi.Resource;
}

const SYSTEM_NAMESPACE = 'kube-system';

/**
 * Cluster services every workload relies on: the AWS Load Balancer Controller (Ingress -> ALB),
 * metrics-server (HPA input) and the Cluster Autoscaler (node count follows pending pods).
 */
export class Platform extends pulumi.ComponentResource {
  /**
   * The Load Balancer Controller release. Its webhooks (failurePolicy Fail) refuse what they watch until its
   * pods are ready, so every other release waits for it: the Ingresses and pod readiness gates of the
   * services, and, had the Service webhook been left on, every Service of every chart.
   */
  public readonly loadBalancerController: k8s.helm.v3.Release;
  public readonly metricsServer: k8s.helm.v3.Release;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:platform:Platform', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider, dependsOn: [args.nodesReady] };
    const autoscalerImage = CLUSTER_AUTOSCALER_IMAGE_TAGS[args.kubernetesVersion];
    if (!autoscalerImage)
      throw new Error(`No Cluster Autoscaler image is pinned for Kubernetes ${args.kubernetesVersion}`);

    const lbcRole = new IrsaRole(
      `${name}-aws-load-balancer-controller`,
      {
        oidc: args.oidc,
        namespace: SYSTEM_NAMESPACE,
        serviceAccount: 'aws-load-balancer-controller',
        inlinePolicy: JSON.stringify(loadBalancerControllerPolicy),
      },
      { parent: this },
    );
    const lbc = THIRD_PARTY_CHARTS.awsLoadBalancerController;
    this.loadBalancerController = new k8s.helm.v3.Release(
      `${name}-aws-load-balancer-controller`,
      {
        ...RELEASE_DEFAULTS,
        name: 'aws-load-balancer-controller',
        namespace: SYSTEM_NAMESPACE,
        chart: lbc.chart,
        version: lbc.version,
        repositoryOpts: { repo: lbc.repo },
        values: {
          clusterName: args.clusterName,
          region: args.region,
          vpcId: args.vpcId,
          replicaCount: 2,
          // No Service of type LoadBalancer is used (one shared ALB from Ingresses), so the Service webhook
          // (mservice.elbv2.k8s.aws) would only make every Service creation wait for the controller's pods.
          enableServiceMutatorWebhook: false,
          serviceAccount: {
            create: true,
            name: 'aws-load-balancer-controller',
            annotations: { 'eks.amazonaws.com/role-arn': lbcRole.arn },
          },
          resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      },
      k8sOpts,
    );

    // Installed after the controller: a release racing its webhooks is refused and rolled back (atomic).
    const afterController = { ...k8sOpts, dependsOn: [args.nodesReady, this.loadBalancerController] };

    const metrics = THIRD_PARTY_CHARTS.metricsServer;
    this.metricsServer = new k8s.helm.v3.Release(
      `${name}-metrics-server`,
      {
        ...RELEASE_DEFAULTS,
        name: 'metrics-server',
        namespace: SYSTEM_NAMESPACE,
        chart: metrics.chart,
        version: metrics.version,
        repositoryOpts: { repo: metrics.repo },
        values: {
          replicas: 2,
          podDisruptionBudget: { enabled: true, minAvailable: 1 },
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
        },
      },
      afterController,
    );

    const casRole = new IrsaRole(
      `${name}-cluster-autoscaler`,
      {
        oidc: args.oidc,
        namespace: SYSTEM_NAMESPACE,
        serviceAccount: 'cluster-autoscaler',
        inlinePolicy: pulumi
          .output(args.clusterName)
          .apply((cluster) => JSON.stringify(clusterAutoscalerPolicy(cluster))),
      },
      { parent: this },
    );
    const cas = THIRD_PARTY_CHARTS.clusterAutoscaler;
    new k8s.helm.v3.Release(
      `${name}-cluster-autoscaler`,
      {
        ...RELEASE_DEFAULTS,
        name: 'cluster-autoscaler',
        namespace: SYSTEM_NAMESPACE,
        chart: cas.chart,
        version: cas.version,
        repositoryOpts: { repo: cas.repo },
        values: {
          cloudProvider: 'aws',
          awsRegion: args.region,
          autoDiscovery: { clusterName: args.clusterName },
          image: { tag: autoscalerImage },
          rbac: {
            serviceAccount: {
              create: true,
              name: 'cluster-autoscaler',
              annotations: { 'eks.amazonaws.com/role-arn': casRole.arn },
            },
          },
          extraArgs: {
            'balance-similar-node-groups': true,
            'skip-nodes-with-system-pods': false,
            expander: 'least-waste',
            'scale-down-unneeded-time': '10m',
          },
          resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      },
      afterController,
    );

    this.registerOutputs({});
  }
}
