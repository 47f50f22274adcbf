import type { Json, KubeObject, Labels } from './objects';

/**
 * What Envoy Gateway v1.9.1 creates, in GatewayNamespace deploy mode, for a rendered Gateway whose parameters are
 * a rendered EnvoyProxy (helm/gateway): the Envoy pods and their Service. The chart checks need them to tell whether
 * a NetworkPolicy or an Ingress of the same render points at something real. Modelled on
 * internal/infrastructure/kubernetes/proxy of that release: the pods carry the labels of the Deployment's selector
 * (app.kubernetes.io/name=envoy, component proxy, managed by envoy-gateway, the owning Gateway's name and
 * namespace, gateway.networking.k8s.io/gateway-name) merged under envoyDeployment.pod.labels, which win: a pod
 * label that changes a selector label leaves the Deployment invalid (see envoyProxyProblems); they listen on each listener port (shifted by 10000 below 1024), 19001 (metrics) and 19003
 * (readiness); the Service is named by envoyService.name, else like the Gateway, with one port per listener.
 */
export interface EnvoyProxies {
  gateway: string;
  /** The Deployment's selector. */
  selector: Labels;
  labels: Labels;
  ports: { name?: string; containerPort: number }[];
  replicas: number;
  service: KubeObject;
}

const METRICS_PORT = 19001;
const READINESS_PORT = 19003;

export function envoyProxiesOf(rendered: KubeObject[]): EnvoyProxies[] {
  return rendered.flatMap((gateway): EnvoyProxies[] => {
    if (gateway.kind !== 'Gateway' || !gateway.apiVersion.startsWith('gateway.networking.k8s.io/')) return [];
    const ref = gateway.spec?.infrastructure?.parametersRef;
    if (ref?.kind !== 'EnvoyProxy') return [];
    const proxy = rendered.find((o) => o.kind === 'EnvoyProxy' && o.metadata.name === ref.name);
    if (!proxy) return [];
    const kubernetes = proxy.spec?.provider?.kubernetes ?? {};
    const name = gateway.metadata.name;
    const namespace = gateway.metadata.namespace ?? '';
    const selector: Labels = {
      'app.kubernetes.io/name': 'envoy',
      'app.kubernetes.io/component': 'proxy',
      'app.kubernetes.io/managed-by': 'envoy-gateway',
      'gateway.envoyproxy.io/owning-gateway-name': name,
      'gateway.envoyproxy.io/owning-gateway-namespace': namespace,
      'gateway.networking.k8s.io/gateway-name': name,
    };
    const listeners: Json[] = gateway.spec.listeners ?? [];
    const containerPort = (port: number) => (port < 1024 ? port + 10000 : port);
    return [
      {
        gateway: name,
        selector,
        labels: { ...selector, ...(kubernetes.envoyDeployment?.pod?.labels ?? {}) },
        ports: [
          ...listeners.map((listener) => ({ containerPort: containerPort(listener.port) })),
          { name: 'metrics', containerPort: METRICS_PORT },
          { name: 'readiness', containerPort: READINESS_PORT },
        ],
        replicas: kubernetes.envoyDeployment?.replicas ?? 1,
        service: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: kubernetes.envoyService?.name ?? name, namespace },
          spec: {
            selector,
            ports: listeners.map((listener) => ({ port: listener.port, targetPort: containerPort(listener.port) })),
          },
        },
      },
    ];
  });
}

/** A pod label of an EnvoyProxy that changes one the Deployment selects on: the API server refuses that Deployment. */
export function envoyProxyProblems(rendered: KubeObject[]): string[] {
  return envoyProxiesOf(rendered).flatMap(({ gateway, selector, labels }) =>
    Object.keys(selector)
      .filter((key) => labels[key] !== selector[key])
      .map(
        (key) =>
          `Gateway/${gateway}: EnvoyProxy pod label ${key}=${labels[key]} replaces ${selector[key]}, which Envoy Gateway's Deployment selects on`,
      ),
  );
}
