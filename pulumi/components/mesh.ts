import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RELEASE_DEFAULTS, localChartPath, stackValuesFile } from '../lib/charts';
import { istioValues, MESH_NAMESPACE } from '../mesh/istio-values';
import { MESH_POLICIES_RELEASE } from '../mesh/mesh-values';
import { ISTIO_CHARTS, ISTIO_REPO, ISTIO_VERSION } from '../mesh/versions';
import { podMonitors } from '../observability/traffic-monitors';
import { namespaceWithPodSecurity } from '../lib/namespaces';

export interface MeshArgs {
  /** Provider of the target cluster. */
  provider: k8s.Provider;
  /** Resource that completes once nodes can run pods. */
  nodesReady: pulumi.Resource;
  /** istiod replicas of this stack (ecommerce:mesh.istiodReplicas). */
  istiodReplicas: number;
  /** Releases to install after (the Load Balancer Controller, whose webhooks refuse objects until it runs). */
  after: pulumi.Resource[];
  /** kube-prometheus-stack: its PodMonitor CRD, for the scrapes of istiod and ztunnel. */
  monitoring: pulumi.Resource;
}

/**
 * The service mesh's platform part: Istio in ambient mode (docs/pulumi/mesh.md). base (CRDs), istiod, the CNI agent
 * and ztunnel, each waiting for the one before: istiod needs the CRDs, the CNI agent and ztunnel need istiod to get
 * their configuration and certificates. Pods join the mesh by their namespace's label (the app namespace and
 * Prometheus'); what they may call is helm/mesh, released with the services (meshPoliciesRelease).
 */
export class Mesh extends pulumi.ComponentResource {
  /** ztunnel, the last release: once it is ready, labelled namespaces' pods are in the mesh. */
  public readonly ready: k8s.helm.v3.Release;

  constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:mesh:Mesh', name, {}, opts);
    const k8sOpts = { parent: this, provider: args.provider };

    // The CNI agent and ztunnel change every node's pod networking: they need host access and capabilities no
    // other Pod Security profile allows. Nothing else runs here.
    const namespace = namespaceWithPodSecurity(name, { namespace: MESH_NAMESPACE, podSecurity: 'privileged' }, k8sOpts);

    let previous: pulumi.Resource[] = [];
    let last: k8s.helm.v3.Release | undefined;
    for (const chart of ISTIO_CHARTS) {
      last = new k8s.helm.v3.Release(
        `${name}-${chart}`,
        {
          ...RELEASE_DEFAULTS,
          // Istio's documented release names: istio-base, istiod, istio-cni, ztunnel.
          name: chart === 'base' || chart === 'cni' ? `istio-${chart}` : chart,
          namespace: namespace.metadata.name,
          chart,
          version: ISTIO_VERSION,
          repositoryOpts: { repo: ISTIO_REPO },
          values: istioValues(chart, { istiodReplicas: args.istiodReplicas }),
        },
        { ...k8sOpts, dependsOn: [args.nodesReady, ...args.after, ...previous] },
      );
      previous = [last];
    }
    this.ready = last as k8s.helm.v3.Release;
    podMonitors(name, namespace.metadata.name, ['istiod', 'ztunnel'], {
      ...k8sOpts,
      dependsOn: [this.ready, args.monitoring],
    });
    this.registerOutputs({});
  }
}

export interface MeshPoliciesArgs {
  /** Stack name, selecting helm/mesh/values-<stack>.yaml (the waypoint's sizing). */
  stack: string;
  /** The app namespace (created with the services). */
  namespace: pulumi.Input<string>;
  /** Values of helm/mesh from the stack (pulumi/mesh/mesh-values.ts). */
  values: object;
  /** Istio (its CRDs, istiod) and whatever else must be ready first. */
  dependsOn: pulumi.Resource[];
}

/**
 * helm/mesh in the app namespace: the waypoint, mutual TLS required, and the authorization policies allowing exactly
 * the declared calls. Released before the services switch to mesh mode, so no call passes the mesh unchecked.
 */
export function meshPoliciesRelease(
  name: string,
  args: MeshPoliciesArgs,
  opts: { parent: pulumi.Resource; provider: k8s.Provider },
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    name,
    {
      ...RELEASE_DEFAULTS,
      name: MESH_POLICIES_RELEASE,
      namespace: args.namespace,
      chart: localChartPath('mesh'),
      // Resolves the shared library chart (a file://../common dependency); nothing is downloaded.
      dependencyUpdate: true,
      valueYamlFiles: [new pulumi.asset.FileAsset(stackValuesFile('mesh', args.stack))],
      values: args.values,
    },
    { ...opts, dependsOn: args.dependsOn },
  );
}
