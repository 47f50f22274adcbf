import * as YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { SERVICE_NAMES } from '../../config/services';
import { ENVOY_GATEWAY_CHART, ENVOY_GATEWAY_CONTROLLER } from '../../gateway/versions';
import { chartFile, effectiveValues } from './helm-values';
import { valuesSchemaErrors } from '../../../helm/tools/values-schema';
import { committedConfig } from './infrastructure-expectations';
import { type Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';
import { RELEASE, releaseValues, valuesFilePaths } from './workload-expectations';

const LBC = 'platform-aws-load-balancer-controller';
const PROMETHEUS = 'observability-kube-prometheus-stack';
const CONTROLLER = 'gateway-controller';
const CLASS = 'gateway-class';
const EDGE = 'gateway-edge';
const GATEWAY_CLASS = 'kubernetes:gateway.networking.k8s.io/v1:GatewayClass';
export const POD_MONITOR = 'kubernetes:monitoring.coreos.com/v1:PodMonitor';

/** Expectations both stacks meet on the edge gateway: the controller, its class, and helm/gateway (ADR 0021). */
export function describeGateway(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const controller = () => single(run(), RELEASE, CONTROLLER);
  const edge = () => single(run(), RELEASE, EDGE);

  describe(`${stack}: edge gateway`, () => {
    it('installs Envoy Gateway v1.9.1 from its OCI chart in its own restricted namespace', () => {
      expect(controller().inputs).toMatchObject({
        name: 'envoy-gateway',
        namespace: 'envoy-gateway-system',
        chart: 'oci://docker.io/envoyproxy/gateway-helm',
        version: 'v1.9.1',
        atomic: true,
      });
      expect(controller().inputs.repositoryOpts).toBeUndefined();
      expect(ENVOY_GATEWAY_CHART.version).toBe('v1.9.1');
      const namespace = single(run(), 'kubernetes:core/v1:Namespace', 'gateway').inputs as Json;
      expect(namespace.metadata).toEqual({
        name: 'envoy-gateway-system',
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
        },
      });
    });

    it('deploys each Gateway’s proxies in the Gateway’s namespace and watches the app namespace only', () => {
      const values = releaseValues(controller());
      expect(values.config.envoyGateway).toEqual({
        gateway: { controllerName: ENVOY_GATEWAY_CONTROLLER },
        provider: {
          type: 'Kubernetes',
          kubernetes: {
            deploy: { type: 'GatewayNamespace' },
            watch: { type: 'Namespaces', namespaces: ['ecommerce'] },
          },
        },
        logging: { level: { default: 'info' } },
      });
      // Two controllers (and a PDB keeping one) once the proxies are more than one.
      expect(values.deployment.replicas).toBe(2);
      expect(values.podDisruptionBudget).toEqual({ minAvailable: 1 });
      expect(values.deployment.envoyGateway.resources.limits.memory).toBeDefined();
    });

    it('checks the deploy mode key against the chart it installs (values.tmpl.yaml reads provider.kubernetes.deploy.type)', () => {
      const template = `${process.env.HOME ?? '/root'}/go/pkg/mod/github.com/envoyproxy/gateway@v1.9.1/charts/gateway-helm/templates/envoy-proxy-topology-injector-webhook.yaml`;
      let text: string;
      try {
        text = readFileSync(template, 'utf8');
      } catch {
        return; // The module cache is not on every machine; the key is then as committed.
      }
      expect(text).toContain('$kube.deploy.type "GatewayNamespace"');
    });

    it('creates the GatewayClass after the controller, and helm/gateway after both and after the Load Balancer Controller', () => {
      const gatewayClass = single(run(), GATEWAY_CLASS, CLASS);
      expect(gatewayClass.inputs).toMatchObject({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'GatewayClass',
        metadata: { name: 'envoy-gateway' },
        spec: { controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' },
      });
      expect(gatewayClass.dependencies).toContain(CONTROLLER);
      expect(controller().dependencies).toEqual(expect.arrayContaining([LBC, PROMETHEUS, 'gateway-controller']));
      expect(edge().dependencies).toEqual(expect.arrayContaining([CONTROLLER, CLASS, LBC]));
    });

    it('lets into the controller only the proxies (xDS), Prometheus and the API server’s webhook calls', () => {
      const policy = single(run(), 'kubernetes:networking.k8s.io/v1:NetworkPolicy', CONTROLLER).inputs as Json;
      expect(policy.metadata).toEqual({ name: 'envoy-gateway', namespace: 'envoy-gateway-system' });
      expect(policy.spec.podSelector).toEqual({ matchLabels: { 'control-plane': 'envoy-gateway' } });
      expect(policy.spec.ingress.map((rule: Json) => rule.ports.map((p: Json) => p.port))).toEqual([
        [18000],
        [19001],
        [9443],
      ]);
      expect(policy.spec.ingress[0].from).toEqual([
        {
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ecommerce' } },
          podSelector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge-gateway' } },
        },
      ]);
      expect(policy.spec.egress.map((rule: Json) => rule.ports.map((p: Json) => p.port))).toEqual([[53, 53], [443]]);
    });

    it('releases helm/gateway as edge-gateway in the app namespace, with the chart’s stack file under the stack’s values', async () => {
      expect(edge().inputs).toMatchObject({
        name: 'edge-gateway',
        namespace: 'ecommerce',
        chart: chartFile('gateway', '').replace(/\/$/, ''),
        dependencyUpdate: true,
        atomic: true,
      });
      expect(await valuesFilePaths(edge())).toEqual([chartFile('gateway', `values-${stack}.yaml`)]);
    });

    it('gives the gateway the token claims the services check, the stack’s origins, limit, hops, ALB and collector', () => {
      const values = releaseValues(edge());
      const jwt = config['ecommerce:jwt'];
      const gateway = config['ecommerce:gateway'];
      expect(values).toEqual({
        jwt: { issuer: jwt.issuer, audiences: [jwt.audience] },
        rateLimit: { perClientIp: { requests: gateway.rateLimitPerSecond, unit: 'Second' } },
        // CloudFront, then the ALB, in both committed stacks.
        clientIp: { trustedHops: 2 },
        cors: { allowedOrigins: gateway.corsAllowedOrigins },
        envoy: { replicas: gateway.replicas },
        ingress: {
          enabled: true,
          groupName: `ecommerce-${stack}`,
          host: config['ecommerce:edge'].domain,
          certificateArn: expect.stringMatching(/^arn:aws:acm:eu-west-1:\d{12}:certificate\//),
        },
        networkPolicy: { enabled: true, loadBalancer: { cidrs: expect.any(Array) } },
        tracing: {
          enabled: true,
          collector: { host: 'otel-collector.tracing.svc.cluster.local', port: 4317 },
          samplingPercent: config['ecommerce:tracing'].samplingPercent,
        },
        mesh: { enabled: true },
      });
      expect(values.networkPolicy.loadBalancer.cidrs).toHaveLength(3);
      // The services verify the same claims with the same values.
      for (const service of SERVICE_NAMES) {
        const env = releaseValues(single(run(), RELEASE, `services-${service}`)).config;
        expect([env.JWT_ISSUER, env.JWT_AUDIENCE]).toEqual([jwt.issuer, jwt.audience]);
      }
    });

    it('passes values the gateway chart’s schema accepts', () => {
      const values = effectiveValues('gateway', stack, releaseValues(edge()));
      expect(valuesSchemaErrors('gateway', values)).toEqual([]);
    });

    it('keeps the route table the chart’s: Stripe’s webhook public, the services’ APIs protected, no /internal', () => {
      const routes = YAML.parse(readFileSync(chartFile('gateway', 'values.yaml'), 'utf8')).routes as Json[];
      expect(releaseValues(edge())).not.toHaveProperty('routes');
      const order = routes.find((r) => r.service === 'order-service');
      expect(order.public).toContainEqual({
        methods: ['POST'],
        match: 'Exact',
        path: '/api/v1/payments/stripe/webhook',
      });
      const paths = routes.flatMap((r) => [...r.public, ...r.protected].map((m: Json) => m.path as string));
      expect(paths.filter((p) => p.startsWith('/internal') || p.startsWith('/health') || p === '/metrics')).toEqual([]);
    });

    it('scrapes the Envoy proxies and the controller with PodMonitors', () => {
      const monitors = ofType(run(), POD_MONITOR);
      const byName = Object.fromEntries(monitors.map((m) => [m.name, m.inputs as Json]));
      expect(byName['gateway-envoyProxies']).toMatchObject({
        metadata: { name: 'envoy-proxies', namespace: 'ecommerce' },
        spec: {
          selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge-gateway' } },
          podMetricsEndpoints: [{ portNumber: 19001, path: '/stats/prometheus', interval: '30s' }],
        },
      });
      expect(byName['gateway-gatewayController']).toMatchObject({
        metadata: { name: 'gateway-controller', namespace: 'envoy-gateway-system' },
        spec: { selector: { matchLabels: { 'control-plane': 'envoy-gateway' } } },
      });
    });
  });
}
