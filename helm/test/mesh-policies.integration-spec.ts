import path from 'node:path';
import { renderProblems, validated } from '../../tools/helm-checks/check';
import { renderChart, type RenderInput } from '../../tools/helm-checks/helm';
import type { Json, KubeObject } from '../../tools/helm-checks/objects';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import { SERVICE_CHARTS, type ServiceChart, stackOverridesFile } from '../tools/charts';
import { declaredCalls, declaredPermissions, durationMs, meshValues, permission } from './mesh-table';

/**
 * The mesh policy as Helm renders it, read back and compared with the declared table of allowed calls: the
 * AuthorizationPolicies allow exactly the table's (caller, callee, method, path) plus the few non-service
 * identities (edge gateway, release checks, Prometheus) on their paths, and nothing else; every call has a
 * timeout above the clients'; and in mesh mode each service's NetworkPolicy admits only the waypoint and the
 * kubelet's probes. Rendered with the prod values, as Pulumi layers them.
 */
const workspace = chartWorkspace();
afterAll(() => workspace.remove());

const NAMESPACE = 'ecommerce';
const mesh = meshValues() as Json;
const principalOf = (serviceAccount: string, namespace = NAMESPACE) =>
  `cluster.local/ns/${namespace}/sa/${serviceAccount}`;
const WAYPOINT = principalOf('ecommerce-waypoint');
const GATEWAY = principalOf('edge-gateway');
const CHECKS = principalOf('release-checks');
const PROMETHEUS = principalOf('kube-prometheus-stack-prometheus', 'monitoring');

const input = (chart: string, values?: Record<string, unknown>): RenderInput => {
  const chartDir = path.join(workspace.dir, chart);
  return {
    release: chart,
    chartDir,
    namespace: NAMESPACE,
    valueFiles: [
      path.join(chartDir, 'values-prod.yaml'),
      path.join(workspace.dir, 'ci', path.basename(stackOverridesFile(chart as ServiceChart))),
    ],
    values,
  };
};
// Public traffic comes through the edge gateway in mesh mode: Pulumi turns the services' own Ingresses off.
const MESH_MODE = { mesh: { enabled: true }, ingress: { enabled: false } };

let meshObjects: KubeObject[] = [];
let gatewayObjects: KubeObject[] = [];
const services = new Map<ServiceChart, KubeObject[]>();

beforeAll(async () => {
  meshObjects = await renderChart(input('mesh'));
  gatewayObjects = await renderChart({ ...input('gateway', { mesh: { enabled: true } }), release: 'edge-gateway' });
  for (const chart of SERVICE_CHARTS)
    services.set(
      chart,
      await renderChart(input(chart, chart === 'notification-service' ? { mesh: { enabled: true } } : MESH_MODE)),
    );
}, 120000);

afterAll(() => {
  validated.objects += meshObjects.length + [...services.values()].reduce((sum, objects) => sum + objects.length, 0);
});

const ofKind = (kind: string) => meshObjects.filter((o) => o.kind === kind);
const targetOf = (policy: KubeObject) => policy.spec.targetRefs?.[0] as { kind: string; name: string } | undefined;

/** Every rule of the L7 policies as `principal -> target METHOD path` lines (`*` for any method). */
function allowedRequests(): string[] {
  return ofKind('AuthorizationPolicy')
    .filter((policy) => policy.spec.targetRefs)
    .flatMap((policy) =>
      (policy.spec.rules ?? []).flatMap((rule: Json) => {
        // A rule is one identity and one operation; anything more (when, notPaths, hosts, ports) is not expected.
        expect(Object.keys(rule).sort()).toEqual(['from', 'to']);
        expect(rule.from).toHaveLength(1);
        expect(Object.keys(rule.from[0].source)).toEqual(['principals']);
        expect(rule.to).toHaveLength(1);
        const { methods = ['*'], paths, ...other } = rule.to[0].operation;
        expect(other).toEqual({});
        return rule.from[0].source.principals.flatMap((principal: string) =>
          methods.flatMap((method: string) =>
            paths.map((route: string) => `${principal} -> ${targetOf(policy)!.name} ${method} ${route}`),
          ),
        );
      }),
    );
}

describe('the rendered mesh policy', () => {
  it('validates strictly and meets the rules', () => {
    expect(renderProblems(meshObjects)).toEqual([]);
  });

  it('allows between services exactly the calls of the table', () => {
    const servicePrincipals = new Map(SERVICE_CHARTS.map((chart) => [principalOf(chart), chart]));
    const rendered = allowedRequests()
      .map((line) => /^(\S+) -> (\S+) (\S+) (\S+)$/.exec(line)!)
      .filter(([, principal]) => servicePrincipals.has(principal))
      .map(([, principal, target, method, route]) =>
        permission(servicePrincipals.get(principal)!, target, method, route),
      )
      .sort();
    expect(rendered).toEqual(declaredPermissions());
  });

  it('allows nobody else but the edge gateway on its routes, the release checks and Prometheus on theirs', () => {
    const others = allowedRequests().filter(
      (line) => !SERVICE_CHARTS.some((chart) => line.startsWith(`${principalOf(chart)} `)),
    );
    // Prod keeps the API documents closed (gateway.docsExposed: false), to the gateway's identity too.
    const expected = [
      ...Object.entries(mesh.gateway.paths as Record<string, string[]>).flatMap(([service, paths]) =>
        paths.filter((route) => !route.startsWith('/docs/')).map((route) => `${GATEWAY} -> ${service} * ${route}`),
      ),
      ...(mesh.releaseChecks.tested as string[]).map((service) => `${CHECKS} -> ${service} GET /health/ready`),
      ...SERVICE_CHARTS.flatMap((service) =>
        ['/health/ready', ...mesh.releaseChecks.smokePaths[service]].map(
          (route) => `${CHECKS} -> ${service}-preview GET ${route}`,
        ),
      ),
      `${PROMETHEUS} -> ecommerce-waypoint GET /metrics`,
    ];
    expect(others.sort()).toEqual(expected.sort());
  });

  it('attaches each L7 policy to a Service (or the waypoint itself), so the waypoint enforces it', () => {
    for (const policy of ofKind('AuthorizationPolicy').filter((p) => p.spec.targetRefs)) {
      expect(policy.spec.action).toBe('ALLOW');
      expect(policy.spec.targetRefs).toHaveLength(1);
      expect([
        ['', 'Service'],
        ['gateway.networking.k8s.io', 'Gateway'],
      ]).toContainEqual([policy.spec.targetRefs[0].group, policy.spec.targetRefs[0].kind]);
    }
  });

  it("admits on each service's pods only the waypoint (L4, enforced by ztunnel)", () => {
    const workloadPolicies = ofKind('AuthorizationPolicy').filter((p) => p.spec.selector);
    expect(workloadPolicies.map((p) => p.spec.selector.matchLabels['app.kubernetes.io/name']).sort()).toEqual(
      [...SERVICE_CHARTS].sort(),
    );
    for (const policy of workloadPolicies)
      expect(policy.spec).toMatchObject({
        action: 'ALLOW',
        rules: [{ from: [{ source: { principals: [WAYPOINT] } }] }],
      });
  });

  it('requires mutual TLS in the namespace, but on the edge gateway pods', () => {
    expect(
      ofKind('PeerAuthentication').map((p) => [p.spec.selector?.matchLabels ?? 'namespace', p.spec.mtls.mode]),
    ).toEqual([
      ['namespace', 'STRICT'],
      [{ 'gateway.networking.k8s.io/gateway-name': 'edge-gateway' }, 'PERMISSIVE'],
    ]);
  });

  it("names the edge gateway's Envoy pods and identity as helm/gateway runs them", () => {
    const envoy = gatewayObjects.find((o) => o.kind === 'EnvoyProxy');
    const envoyPolicy = gatewayObjects.find((o) => o.kind === 'NetworkPolicy');
    expect(envoy?.spec.provider.kubernetes.envoyServiceAccount.name).toBe(mesh.gateway.serviceAccount);
    expect(envoyPolicy?.spec.podSelector.matchLabels).toEqual(mesh.gateway.podLabels);
  });

  it('routes every call of the table with a timeout above the clients’ own, and retries nothing', () => {
    const routes = ofKind('HTTPRoute');
    for (const call of declaredCalls())
      for (const method of call.methods)
        for (const route of call.paths) {
          const concrete = route.replace(/\{[A-Za-z0-9]+\}/g, 'x');
          const httpRoute = routes.find((r) => r.spec.parentRefs[0].name === call.to);
          const rule = (httpRoute?.spec.rules ?? []).find((r: Json) =>
            (r.matches ?? []).some(
              (m: Json) =>
                m.method === method &&
                (m.path.type === 'Exact' ? m.path.value === concrete : concrete.startsWith(`${m.path.value}/`)),
            ),
          );
          expect([call.to, method, route, durationMs(rule?.timeouts?.request ?? '0s')]).toEqual([
            call.to,
            method,
            route,
            durationMs(mesh.timeouts.request),
          ]);
        }
    expect(durationMs(mesh.timeouts.request)).toBeGreaterThan(3000);
    for (const route of routes) {
      expect(route.spec.parentRefs).toEqual([{ group: '', kind: 'Service', name: route.metadata.name, port: 3000 }]);
      expect(JSON.stringify(route.spec)).not.toMatch(/"retry"/);
      // The default route of the Service stays for every other request (gateway, checks, scrapes).
      expect(route.spec.rules.at(-1)).toEqual({
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [{ name: route.metadata.name, port: 3000 }],
      });
    }
  });
});

describe.each(SERVICE_CHARTS)('%s in mesh mode', (chart) => {
  const objects = () => services.get(chart) ?? [];
  const policy = (name: string) => objects().find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name);
  const waypointPods = { 'gateway.networking.k8s.io/gateway-name': 'ecommerce-waypoint' };
  const toWaypoint = {
    to: [{ podSelector: { matchLabels: waypointPods } }],
    ports: [{ port: 15008, protocol: 'TCP' }],
  };

  it('renders objects that validate strictly and meet the rules', () => {
    expect(renderProblems(objects())).toEqual([]);
  });

  it('admits only HBONE from the waypoint and the kubelet’s probes', () => {
    expect(policy(chart)?.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: waypointPods } }], ports: [{ port: 15008, protocol: 'TCP' }] },
      { from: [{ ipBlock: { cidr: '169.254.7.127/32' } }], ports: [{ port: 3000, protocol: 'TCP' }] },
    ]);
  });

  it('calls through the waypoint, and opens no service port of another pod', () => {
    const egress: Json[] = policy(chart)?.spec.egress ?? [];
    const callsOut = declaredCalls().some((call) => call.from === chart);
    expect(egress.some((rule) => JSON.stringify(rule) === JSON.stringify(toWaypoint))).toBe(callsOut);
    expect(egress.filter((rule) => (rule.ports ?? []).some((p: Json) => p.port === 3000))).toEqual([]);
  });

  it('lets its release analysis reach the preview through the waypoint only', () => {
    expect(policy(`${chart}-analysis`)?.spec.egress.at(-1)).toEqual(toWaypoint);
  });

  it('runs its release checks (helm test pod, analysis Job) as the identity helm/mesh creates, not the default', () => {
    const analysis = objects().find((o) => o.kind === 'AnalysisTemplate');
    const podSpecs = [
      ...objects()
        .filter((o) => o.kind === 'Pod')
        .map((pod) => pod.spec),
      analysis?.spec.metrics[0].provider.job.spec.template.spec,
    ];
    expect(podSpecs.length).toBe(chart === 'notification-service' ? 1 : 2);
    for (const spec of podSpecs)
      expect(spec).toMatchObject({ serviceAccountName: CHECKS.split('/').pop(), automountServiceAccountToken: false });
  });
});

it('creates the release checks’ ServiceAccount, token never mounted, that its policies name', () => {
  const [account] = meshObjects.filter((o) => o.kind === 'ServiceAccount');
  expect(account).toMatchObject({ metadata: { name: 'release-checks' }, automountServiceAccountToken: false });
  expect(mesh.releaseChecks.serviceAccount).toBe('release-checks');
});

it('refuses mesh mode with the service’s own Ingress on, naming what to change', async () => {
  await expect(renderChart(input('product-service', { mesh: { enabled: true } }))).rejects.toThrow(
    /mesh.enabled with ingress.enabled.*set ingress.enabled=false/,
  );
});
