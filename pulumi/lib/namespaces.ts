import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

export type PodSecurityProfile = 'restricted' | 'baseline' | 'privileged';

/**
 * A namespace with the Pod Security profile its pods are held to (enforced, at the cluster's latest version), plus
 * any labels of its own: one way to write what the app, tracing, rollouts, gateway and mesh namespaces share.
 */
export function namespaceWithPodSecurity(
  name: string,
  args: { namespace: string; podSecurity: PodSecurityProfile; labels?: Record<string, string> },
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    name,
    {
      metadata: {
        name: args.namespace,
        labels: {
          'pod-security.kubernetes.io/enforce': args.podSecurity,
          'pod-security.kubernetes.io/enforce-version': 'latest',
          ...args.labels,
        },
      },
    },
    opts,
  );
}
