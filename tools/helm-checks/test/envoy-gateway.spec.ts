import { envoyProxiesOf, envoyProxyProblems } from '../envoy-gateway';
import type { KubeObject } from '../objects';
import { podGroups, selectorProblems } from '../wiring-rules';

const gateway = (parametersRef?: object, port = 8080): KubeObject => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { name: 'edge-gateway', namespace: 'ecommerce' },
  spec: {
    gatewayClassName: 'envoy-gateway',
    ...(parametersRef ? { infrastructure: { parametersRef } } : {}),
    listeners: [{ name: 'http', protocol: 'HTTP', port }],
  },
});
const parametersRef = { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'edge-gateway' };
const envoyProxy = (kubernetes: object = {}): KubeObject => ({
  apiVersion: 'gateway.envoyproxy.io/v1alpha1',
  kind: 'EnvoyProxy',
  metadata: { name: 'edge-gateway' },
  spec: { provider: { type: 'Kubernetes', kubernetes } },
});
const selector = {
  'app.kubernetes.io/name': 'envoy',
  'app.kubernetes.io/component': 'proxy',
  'app.kubernetes.io/managed-by': 'envoy-gateway',
  'gateway.envoyproxy.io/owning-gateway-name': 'edge-gateway',
  'gateway.envoyproxy.io/owning-gateway-namespace': 'ecommerce',
  'gateway.networking.k8s.io/gateway-name': 'edge-gateway',
};

describe('envoyProxiesOf', () => {
  it('models the pods and Service Envoy Gateway creates for a Gateway with a rendered EnvoyProxy', () => {
    const [proxies] = envoyProxiesOf([
      gateway(parametersRef),
      envoyProxy({
        envoyService: { name: 'edge' },
        envoyDeployment: { replicas: 3, pod: { labels: { team: 'shop' } } },
      }),
    ]);
    expect(proxies.labels).toEqual({ ...selector, team: 'shop' });
    expect(proxies.replicas).toBe(3);
    expect(proxies.ports.map((port) => port.containerPort)).toEqual([8080, 19001, 19003]);
    expect(proxies.service.metadata.name).toBe('edge');
    expect(proxies.service.spec.ports).toEqual([{ port: 8080, targetPort: 8080 }]);
  });

  it('shifts privileged listener ports by 10000 and names the Service after the Gateway by default', () => {
    const [proxies] = envoyProxiesOf([gateway(parametersRef, 80), envoyProxy()]);
    expect(proxies.service.spec.ports).toEqual([{ port: 80, targetPort: 10080 }]);
    expect(proxies.service.metadata.name).toBe('edge-gateway');
    expect(proxies.replicas).toBe(1);
  });

  it('knows nothing of a Gateway without a rendered EnvoyProxy', () => {
    expect(envoyProxiesOf([gateway()])).toEqual([]);
    expect(envoyProxiesOf([gateway(parametersRef)])).toEqual([]);
  });
});

describe('the Envoy proxies in the render rules', () => {
  const networkPolicy: KubeObject = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'edge-gateway' },
    spec: { podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge-gateway' } } },
  };
  const ingress = (port: number): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'edge-gateway' },
    spec: {
      rules: [
        { http: { paths: [{ path: '/', backend: { service: { name: 'edge-gateway', port: { number: port } } } }] } },
      ],
    },
  });

  it('lets a NetworkPolicy select the proxies and an Ingress reach their Service', () => {
    const rendered = [gateway(parametersRef), envoyProxy(), networkPolicy, ingress(8080)];
    expect(podGroups(rendered).map((group) => group.owner)).toEqual(['Gateway/edge-gateway']);
    expect(selectorProblems(rendered)).toEqual([]);
  });

  it('still refuses an Ingress to a port the Service does not have', () => {
    expect(selectorProblems([gateway(parametersRef), envoyProxy(), ingress(80)])).toEqual([
      'Ingress/edge-gateway: path / goes to edge-gateway:80, which does not exist',
    ]);
  });

  it('refuses a pod label that replaces one the Deployment selects on', () => {
    const relabelled = envoyProxy({
      envoyDeployment: { pod: { labels: { 'app.kubernetes.io/name': 'edge-gateway' } } },
    });
    expect(envoyProxyProblems([gateway(parametersRef), relabelled])).toEqual([
      "Gateway/edge-gateway: EnvoyProxy pod label app.kubernetes.io/name=edge-gateway replaces envoy, which Envoy Gateway's Deployment selects on",
    ]);
  });
});
