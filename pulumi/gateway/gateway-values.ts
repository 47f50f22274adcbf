import type * as pulumi from '@pulumi/pulumi';
import type { StackSettings } from '../config/settings';
import { APP_NAMESPACE, MONITORING_NAMESPACE, TRACING_NAMESPACE } from '../config/namespaces';
import { COLLECTOR_RELEASE, OTLP_GRPC_PORT } from '../observability/collector-values';
import { ENVOY_GATEWAY_CONTROLLER } from './versions';

/** The controller's namespace; Pod Security "restricted" is enforced here. */
export const GATEWAY_CONTROLLER_NAMESPACE = 'envoy-gateway-system';
/** Release name of the controller; its chart names the Service the topology webhook calls `envoy-gateway`. */
export const GATEWAY_CONTROLLER_RELEASE = 'envoy-gateway';
/** The GatewayClass helm/gateway's Gateway names. */
export const GATEWAY_CLASS = 'envoy-gateway';
/** Release of helm/gateway in the app namespace; the Envoy proxies, their Service and the ALB Ingress are named so. */
export const EDGE_GATEWAY_RELEASE = 'edge-gateway';
/** The label Envoy Gateway puts on a Gateway's Envoy pods in GatewayNamespace mode (the Gateway is named like the release). */
export const EDGE_GATEWAY_POD_LABELS = { 'gateway.networking.k8s.io/gateway-name': EDGE_GATEWAY_RELEASE };
/** The controller's pods, as its chart labels them. */
export const CONTROLLER_POD_LABELS = { 'control-plane': 'envoy-gateway' };

/** Ports of the controller: xDS to the proxies, metrics, the topology injector webhook. */
const XDS_PORT = 18000;
const CONTROLLER_METRICS_PORT = 19001;
const WEBHOOK_PORT = 9443;

/** The collector's gRPC OTLP address: Envoy's OpenTelemetry tracer speaks gRPC only. */
export const COLLECTOR_GRPC = {
  host: `${COLLECTOR_RELEASE}.${TRACING_NAMESPACE}.svc.cluster.local`,
  port: OTLP_GRPC_PORT,
};

/** Proxies in front of the gateway: the ALB, and CloudFront before it when the CDN is on. */
export const trustedHops = (cdnEnabled: boolean) => (cdnEnabled ? 2 : 1);

export interface ControllerValuesArgs {
  /** The stack's Envoy pods: the controller gets two replicas (and a PDB) as soon as they do. */
  proxyReplicas: number;
}

/**
 * Values for Envoy Gateway's chart. GatewayNamespace deploy mode puts each Gateway's Envoy Deployment, Service and
 * ServiceAccount in the Gateway's own namespace (`ecommerce`), where the mesh, the NetworkPolicies and the ALB's
 * target group see them as one of the app's workloads; watching that namespace only gives the controller
 * namespaced roles there instead of cluster-wide write access to Deployments and Services.
 */
export function controllerValues(a: ControllerValuesArgs) {
  const replicas = a.proxyReplicas > 1 ? 2 : 1;
  return {
    config: {
      envoyGateway: {
        gateway: { controllerName: ENVOY_GATEWAY_CONTROLLER },
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            deploy: { type: 'GatewayNamespace' },
            watch: { type: 'Namespaces', namespaces: [APP_NAMESPACE] },
          },
        },
        logging: { level: { default: 'info' } },
      },
    },
    deployment: {
      replicas,
      envoyGateway: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } } },
    },
    // One replica may go in a drain (there is then none while it moves: the proxies keep their last config).
    podDisruptionBudget: { minAvailable: replicas > 1 ? 1 : 0 },
  };
}

/**
 * In: the Envoy proxies of the app namespace (xDS), Prometheus (metrics), and the API server calling the topology
 * webhook (EKS's control plane has no address range to name; the webhook fails open). Out: DNS and the API server.
 */
export function controllerNetworkPolicySpec() {
  const inNamespace = (namespace: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': namespace } });
  return {
    podSelector: { matchLabels: CONTROLLER_POD_LABELS },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          { namespaceSelector: inNamespace(APP_NAMESPACE), podSelector: { matchLabels: EDGE_GATEWAY_POD_LABELS } },
        ],
        ports: [{ port: XDS_PORT, protocol: 'TCP' }],
      },
      {
        from: [{ namespaceSelector: inNamespace(MONITORING_NAMESPACE) }],
        ports: [{ port: CONTROLLER_METRICS_PORT, protocol: 'TCP' }],
      },
      { ports: [{ port: WEBHOOK_PORT, protocol: 'TCP' }] },
    ],
    egress: [
      {
        to: [
          { namespaceSelector: inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        ],
        ports: [
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ],
      },
      { ports: [{ port: 443, protocol: 'TCP' }] },
    ],
  };
}

export interface EdgeGatewayValuesArgs {
  gateway: StackSettings['gateway'];
  /** The token claims the services check: the gateway checks the same. */
  jwt: Pick<StackSettings['jwt'], 'issuer' | 'audience'>;
  cdnEnabled: boolean;
  /** The shared ALB: host, certificate and IngressGroup (what the services' Ingresses had). */
  ingress: { host: string; groupName: string; certificateArn: pulumi.Input<string> };
  /** CIDRs of the public subnets, where the ALB connects to the Envoy pods from. */
  loadBalancerCidrs: string[];
  /** The stack's share of traces kept (ecommerce:tracing.samplingPercent); the collector samples again behind. */
  samplingPercent: number;
  meshEnabled: boolean;
}

/** What only the stack knows, for helm/gateway; the route table and the security headers stay the chart's. */
export function edgeGatewayValues(a: EdgeGatewayValuesArgs) {
  return {
    jwt: { issuer: a.jwt.issuer, audiences: [a.jwt.audience] },
    rateLimit: { perClientIp: { requests: a.gateway.rateLimitPerSecond, unit: 'Second' } },
    clientIp: { trustedHops: trustedHops(a.cdnEnabled) },
    cors: { allowedOrigins: a.gateway.corsAllowedOrigins },
    envoy: { replicas: a.gateway.replicas },
    ingress: {
      enabled: true,
      groupName: a.ingress.groupName,
      host: a.ingress.host,
      certificateArn: a.ingress.certificateArn,
    },
    networkPolicy: { enabled: true, loadBalancer: { cidrs: a.loadBalancerCidrs } },
    tracing: { enabled: true, collector: COLLECTOR_GRPC, samplingPercent: a.samplingPercent },
    mesh: { enabled: a.meshEnabled },
  };
}
