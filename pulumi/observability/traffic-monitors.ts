import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { SCRAPE_TARGETS } from './traffic-metrics';

type Target = keyof typeof SCRAPE_TARGETS;

/** A PodMonitor spec scraping one of the gateway's or the mesh's parts every 30 s. */
export function podMonitorSpec(target: Target) {
  const t = SCRAPE_TARGETS[target];
  return {
    selector: { matchLabels: t.podLabels },
    // By number: the charts and the controllers that create these pods do not all name their metrics ports.
    podMetricsEndpoints: [{ portNumber: t.port, path: t.path, interval: '30s' }],
  };
}

/**
 * PodMonitors (kube-prometheus-stack's CRD, so created after its release) for the parts in `namespace`: Prometheus
 * selects every PodMonitor in the cluster (podMonitorSelectorNilUsesHelmValues: false).
 */
export function podMonitors(
  name: string,
  namespace: pulumi.Input<string>,
  targets: Target[],
  opts: { parent: pulumi.Resource; provider: k8s.Provider; dependsOn: pulumi.Resource[] },
): k8s.apiextensions.CustomResource[] {
  return targets.map(
    (target) =>
      new k8s.apiextensions.CustomResource(
        `${name}-${target}`,
        {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PodMonitor',
          metadata: { name: kebab(target), namespace },
          spec: podMonitorSpec(target),
        },
        opts,
      ),
  );
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
