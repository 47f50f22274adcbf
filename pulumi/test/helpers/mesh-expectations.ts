import { SERVICE_NAMES, isPublicService } from '../../config/services';
import { ISTIO_CHARTS } from '../../mesh/versions';
import { POD_MONITOR } from './gateway-expectations';
import { chartFile, effectiveValues } from './helm-values';
import { valuesSchemaErrors } from '../../../helm/tools/values-schema';
import { committedConfig } from './infrastructure-expectations';
import { type Json } from './mocks';
import { ofType, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';
import { RELEASE, releaseValues, valuesFilePaths } from './workload-expectations';

const LBC = 'platform-aws-load-balancer-controller';
const NAMESPACE = 'kubernetes:core/v1:Namespace';
const ISTIO_RELEASES = ['mesh-base', 'mesh-istiod', 'mesh-cni', 'mesh-ztunnel'];
const namespaceNamed = (run: ProgramRun, name: string) =>
  ofType(run, NAMESPACE).find((ns) => (ns.inputs as Json).metadata.name === name)?.inputs as Json;

/** Expectations both stacks meet on the mesh: Istio ambient, the enrolled namespaces, helm/mesh (ADR 0022). */
export function describeMesh(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const istiod = () => releaseValues(single(run(), RELEASE, 'mesh-istiod'));

  describe(`${stack}: mesh`, () => {
    it('installs Istio 1.31.4’s four charts from Istio’s repository, pinned, in istio-system', () => {
      const releases = ISTIO_RELEASES.map((name) => single(run(), RELEASE, name).inputs);
      expect(releases.map((r) => [r.name, r.chart, r.version, r.namespace])).toEqual([
        ['istio-base', 'base', '1.31.4', 'istio-system'],
        ['istiod', 'istiod', '1.31.4', 'istio-system'],
        ['istio-cni', 'cni', '1.31.4', 'istio-system'],
        ['ztunnel', 'ztunnel', '1.31.4', 'istio-system'],
      ]);
      expect([...ISTIO_CHARTS]).toEqual(['base', 'istiod', 'cni', 'ztunnel']);
      for (const r of releases) {
        expect(r.repositoryOpts).toEqual({ repo: 'https://istio-release.storage.googleapis.com/charts' });
        expect(r.atomic).toBe(true);
      }
      // The CNI agent and ztunnel rewire the nodes' pod networking: only "privileged" admits them.
      expect(namespaceNamed(run(), 'istio-system').metadata.labels).toEqual({
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      });
    });

    it('orders base -> istiod -> cni -> ztunnel, each after the Load Balancer Controller', () => {
      ISTIO_RELEASES.forEach((name, i) => {
        const dependencies = single(run(), RELEASE, name).dependencies;
        expect(dependencies).toContain(LBC);
        if (i > 0) expect(dependencies).toContain(ISTIO_RELEASES[i - 1]);
      });
    });

    it('runs istiod in ambient mode without mesh retries, tracing to the collector, sized per stack', () => {
      const replicas = config['ecommerce:mesh'].istiodReplicas;
      expect(istiod()).toMatchObject({
        profile: 'ambient',
        autoscaleEnabled: false,
        replicaCount: replicas,
        global: { defaultPodDisruptionBudget: { enabled: replicas > 1 } },
      });
      expect(istiod().meshConfig).toEqual({
        trustDomain: 'cluster.local',
        defaultHttpRetryPolicy: { attempts: 0 },
        accessLogFile: '/dev/stdout',
        accessLogEncoding: 'JSON',
        extensionProviders: [
          { name: 'otel-tracing', opentelemetry: { service: 'otel-collector.tracing.svc.cluster.local', port: 4317 } },
        ],
      });
      expect(releaseValues(single(run(), RELEASE, 'mesh-cni')).profile).toBe('ambient');
    });

    it('enrolls the app namespace through its waypoint, and Prometheus’ namespace', () => {
      expect(namespaceNamed(run(), 'ecommerce').metadata.labels).toMatchObject({
        'istio.io/dataplane-mode': 'ambient',
        'istio.io/use-waypoint': 'ecommerce-waypoint',
        'pod-security.kubernetes.io/enforce': 'restricted',
      });
      expect(namespaceNamed(run(), 'monitoring').metadata.labels).toEqual({ 'istio.io/dataplane-mode': 'ambient' });
    });

    it('releases helm/mesh in the app namespace after ztunnel, and every service after it', async () => {
      const mesh = single(run(), RELEASE, 'mesh-policies');
      expect(mesh.inputs).toMatchObject({
        name: 'mesh',
        namespace: 'ecommerce',
        chart: chartFile('mesh', '').replace(/\/$/, ''),
        dependencyUpdate: true,
      });
      expect(await valuesFilePaths(mesh)).toEqual([chartFile('mesh', `values-${stack}.yaml`)]);
      expect(mesh.dependencies).toEqual(expect.arrayContaining(['mesh-ztunnel', LBC]));
      for (const service of SERVICE_NAMES)
        expect(single(run(), RELEASE, `services-${service}`).dependencies).toContain('mesh-policies');
      // The gateway's Envoy pods, in the same namespace, start once the policies admitting them exist.
      expect(single(run(), RELEASE, 'gateway-edge').dependencies).toContain('mesh-policies');
    });

    it('gives helm/mesh the Prometheus and release-check identities and the stack’s sampling, values its schema accepts', () => {
      const values = releaseValues(single(run(), RELEASE, 'mesh-policies'));
      expect(values).toEqual({
        monitoring: { namespace: 'monitoring', serviceAccount: 'kube-prometheus-stack-prometheus' },
        releaseChecks: { serviceAccount: 'release-checks' },
        tracing: {
          enabled: true,
          samplingPercent: config['ecommerce:tracing'].samplingPercent,
          collector: {
            namespace: 'tracing',
            podLabels: {
              'app.kubernetes.io/name': 'opentelemetry-collector',
              'app.kubernetes.io/instance': 'otel-collector',
            },
            port: 4317,
          },
        },
      });
      expect(valuesSchemaErrors('mesh', effectiveValues('mesh', stack, values))).toEqual([]);
      // The identity helm/mesh admits is the one kube-prometheus-stack runs Prometheus under.
      const prometheus = releaseValues(single(run(), RELEASE, 'observability-kube-prometheus-stack'));
      expect(prometheus.prometheus.serviceAccount).toEqual({ create: true, name: values.monitoring.serviceAccount });
    });

    it('runs every service in mesh mode: no Ingress, no plain clients, one proxy hop more than the gateway, checks as release-checks', () => {
      const hops = releaseValues(single(run(), RELEASE, 'gateway-edge')).clientIp.trustedHops;
      for (const service of SERVICE_NAMES) {
        const values = releaseValues(single(run(), RELEASE, `services-${service}`));
        expect(values.mesh).toEqual({ enabled: true });
        expect(values.releaseChecks).toEqual({ serviceAccountName: 'release-checks' });
        expect(values.ingress?.enabled ?? false).toBe(false);
        expect(values.networkPolicy).not.toHaveProperty('allowedClients');
        expect(values.networkPolicy).not.toHaveProperty('loadBalancer');
        expect(values.config.TRUST_PROXY).toBe(isPublicService(service) ? hops + 1 : 0);
      }
    });

    it('scrapes istiod, ztunnel and the waypoint with PodMonitors, after kube-prometheus-stack', () => {
      const monitors = Object.fromEntries(ofType(run(), POD_MONITOR).map((m) => [m.name, m]));
      expect((monitors['mesh-istiod'].inputs as Json).spec).toEqual({
        selector: { matchLabels: { app: 'istiod' } },
        podMetricsEndpoints: [{ portNumber: 15014, path: '/metrics', interval: '30s' }],
      });
      expect((monitors['mesh-ztunnel'].inputs as Json).metadata.namespace).toBe('istio-system');
      expect(monitors['mesh-policies-waypoint'].inputs as Json).toMatchObject({
        metadata: { name: 'waypoint', namespace: 'ecommerce' },
        spec: { selector: { matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'ecommerce-waypoint' } } },
      });
      for (const name of ['mesh-istiod', 'mesh-ztunnel', 'mesh-policies-waypoint'])
        expect(monitors[name].dependencies).toContain('observability-kube-prometheus-stack');
    });
  });
}
