import path from 'node:path';
import { renderProblems } from '../../tools/helm-checks/check';
import { renderChart } from '../../tools/helm-checks/helm';
import type { Json, KubeObject } from '../../tools/helm-checks/objects';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import { defaultValues } from './support';

/**
 * The gateway chart's own promises, on real `helm template` output (the generic lint, schema and rule checks are in
 * charts.integration-spec.ts): the route table rendered exactly, the token check on exactly the protected routes,
 * nothing private routed, the headers and limits everywhere, and readable refusals of a wrong table.
 */
interface DeclaredMatch {
  methods: string[];
  match: 'Exact' | 'PathPrefix';
  path: string;
}
interface DeclaredRoutes {
  service: string;
  public?: DeclaredMatch[];
  protected?: DeclaredMatch[];
}

const workspace = chartWorkspace();
afterAll(() => workspace.remove());

const chartDir = () => path.join(workspace.dir, 'gateway');
const render = (values: Record<string, unknown> = {}, valueFiles: string[] = []) =>
  renderChart({ release: 'edge-gateway', chartDir: chartDir(), namespace: 'ecommerce', valueFiles, values });
const stackFiles = () => [
  path.join(chartDir(), 'values-prod.yaml'),
  path.join(workspace.dir, 'ci', 'gateway-stack-overrides.yaml'),
];

const table = defaultValues('gateway').routes as DeclaredRoutes[];
const securityHeaders = defaultValues('gateway').securityHeaders as Record<string, string>;
const ofKind = (rendered: KubeObject[], kind: string) => rendered.filter((object) => object.kind === kind);
const rules = (rendered: KubeObject[]) =>
  ofKind(rendered, 'HTTPRoute').flatMap((route) =>
    route.spec.rules.map((rule: Json) => ({ route: route.metadata.name as string, rule })),
  );

let defaults: KubeObject[];
let prod: KubeObject[];
beforeAll(async () => {
  defaults = await render();
  prod = await render({}, stackFiles());
}, 60000);

describe('the route table as HTTPRoutes', () => {
  it('renders one HTTPRoute per service and visibility, attached to the Gateway', () => {
    const expected = table.flatMap((entry) =>
      (['public', 'protected'] as const).filter((v) => entry[v]?.length).map((v) => `${entry.service}-${v}`),
    );
    const routes = ofKind(defaults, 'HTTPRoute');
    expect(routes.map((route) => route.metadata.name).sort()).toEqual(expected.sort());
    for (const route of routes) {
      expect(route.spec.parentRefs).toEqual([
        { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge-gateway', sectionName: 'http' },
      ]);
    }
  });

  it('renders every declared route exactly once, with exactly its methods, to its service on 3000', () => {
    const rendered = rules(defaults).map(({ route, rule }) => {
      const paths = new Set(rule.matches.map((match: Json) => `${match.path.type} ${match.path.value}`));
      expect(paths.size).toBe(1);
      expect(rule.backendRefs).toHaveLength(1);
      return {
        route,
        service: rule.backendRefs[0].name,
        port: rule.backendRefs[0].port,
        match: [...paths][0],
        methods: rule.matches.map((match: Json) => match.method).sort(),
      };
    });
    const declared = table.flatMap((entry) =>
      (['public', 'protected'] as const).flatMap((visibility) =>
        (entry[visibility] ?? []).map((route) => ({
          route: `${entry.service}-${visibility}`,
          service: entry.service,
          port: 3000,
          match: `${route.match} ${route.path}`,
          methods: [...route.methods].sort(),
        })),
      ),
    );
    expect(rendered).toEqual(declared);
  });

  it('routes nothing under /internal, /health or /metrics, and nothing by regular expression', () => {
    const matches = ofKind(prod, 'HTTPRoute').flatMap((route) =>
      route.spec.rules.flatMap((rule: Json) => rule.matches),
    );
    expect(matches.length).toBeGreaterThan(0);
    for (const match of matches) {
      expect(match.path.value).not.toMatch(/^\/(internal|health|metrics)(\/|$)/);
      expect(['Exact', 'PathPrefix']).toContain(match.path.type);
    }
  });

  it('sets the security headers on the answer of every rule', () => {
    const expected = Object.entries(securityHeaders)
      .map(([name, value]) => ({ name, value }))
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const { rule } of rules(prod)) {
      expect(rule.filters).toEqual([{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: expected } }]);
    }
  });

  it('adds OPTIONS to every match when CORS is on, so preflights reach the CORS filter', () => {
    for (const { rule } of rules(prod)) {
      const methods = rule.matches.map((match: Json) => match.method);
      expect(methods).toContain('OPTIONS');
    }
    for (const { rule } of rules(defaults)) {
      expect(rule.matches.map((match: Json) => match.method)).not.toContain('OPTIONS');
    }
  });
});

describe('the token check', () => {
  const policies = (rendered: KubeObject[]) => ofKind(rendered, 'SecurityPolicy');
  const targets = (policy: KubeObject) => policy.spec.targetRefs.map((ref: Json) => `${ref.kind}/${ref.name}`).sort();

  it('targets exactly the protected routes, with user-service JWKS, issuer and audiences', () => {
    const withJwt = policies(prod).filter((policy) => policy.spec.jwt);
    expect(withJwt).toHaveLength(1);
    const protectedRoutes = table
      .filter((entry) => entry.protected?.length)
      .map((e) => `HTTPRoute/${e.service}-protected`);
    expect(targets(withJwt[0])).toEqual(protectedRoutes.sort());
    expect(withJwt[0].spec.jwt.providers).toEqual([
      {
        name: 'user-service',
        issuer: 'ecommerce-user-service',
        audiences: ['ecommerce-api'],
        remoteJWKS: {
          backendRefs: [{ group: '', kind: 'Service', name: 'user-service', port: 3000 }],
          uri: 'http://user-service.ecommerce.svc.cluster.local:3000/.well-known/jwks.json',
          cacheDuration: '300s',
        },
      },
    ]);
  });

  it('gives the public routes CORS only, and the protected ones CORS next to the token check', () => {
    const [publicPolicy] = policies(prod).filter((policy) => !policy.spec.jwt);
    // Prod serves no /docs/ match, so a service whose only public matches are its documents has no public route.
    const publicRoutes = table
      .filter((entry) => entry.public?.some((match) => !match.path.startsWith('/docs/')))
      .map((entry) => `HTTPRoute/${entry.service}-public`);
    expect(targets(publicPolicy)).toEqual(publicRoutes.sort());
    for (const policy of policies(prod)) {
      expect(policy.spec.cors).toMatchObject({
        allowOrigins: ['https://shop.example.com'],
        allowHeaders: expect.arrayContaining(['Authorization', 'Content-Type', 'Idempotency-Key', 'x-request-id']),
        exposeHeaders: expect.arrayContaining(['Retry-After', 'x-request-id', 'traceresponse', 'Location', 'ETag']),
        maxAge: '600s',
      });
    }
  });

  it('renders no CORS at all without origins', () => {
    expect(policies(defaults).map((policy) => policy.metadata.name)).toEqual(['edge-gateway-protected']);
    expect(policies(defaults)[0].spec.cors).toBeUndefined();
  });
});

describe('the API documents', () => {
  const docsPaths = (rendered: KubeObject[]) =>
    rules(rendered)
      .flatMap(({ rule }) => rule.matches.map((match: Json) => match.path.value as string))
      .filter((value) => value.startsWith('/docs/'));

  it('routes every /docs/<service> match of the table by default (staging, local runs)', () => {
    const declared = table.flatMap((entry) => (entry.public ?? []).map((match) => match.path));
    expect([...new Set(docsPaths(defaults))].sort()).toEqual(declared.filter((p) => p.startsWith('/docs/')).sort());
  });

  it('keeps them off the internet in prod, and no policy names a route that is not rendered', () => {
    expect(docsPaths(prod)).toEqual([]);
    const rendered = new Set(ofKind(prod, 'HTTPRoute').map((route) => `HTTPRoute/${route.metadata.name}`));
    for (const policy of ofKind(prod, 'SecurityPolicy'))
      for (const target of policy.spec.targetRefs) expect(rendered).toContain(`${target.kind}/${target.name}`);
  });
});

describe('limits, proxies and traffic', () => {
  it('keys the rate limit on the client IP, on the whole Gateway', () => {
    const [policy] = ofKind(prod, 'BackendTrafficPolicy');
    expect(policy.spec.targetRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge-gateway' },
    ]);
    expect(policy.spec.rateLimit).toEqual({
      type: 'Local',
      local: {
        rules: [
          {
            clientSelectors: [{ sourceCIDR: { type: 'Distinct', value: '0.0.0.0/0' } }],
            limit: { requests: 50, unit: 'Second' },
          },
        ],
      },
    });
    const [client] = ofKind(prod, 'ClientTrafficPolicy');
    expect(client.spec.clientIPDetection).toEqual({ xForwardedFor: { numTrustedHops: 2 } });
  });

  it('runs the proxies restricted, named edge-gateway, routing to Service IPs and tracing to the collector', () => {
    const [proxy] = ofKind(prod, 'EnvoyProxy');
    const kubernetes = proxy.spec.provider.kubernetes;
    expect(proxy.spec.routingType).toBe('Service');
    expect(kubernetes.envoyService).toEqual({ name: 'edge-gateway', type: 'ClusterIP' });
    expect(kubernetes.envoyServiceAccount).toEqual({ name: 'edge-gateway' });
    expect(kubernetes.envoyDeployment.replicas).toBe(2);
    expect(kubernetes.envoyDeployment.pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(kubernetes.envoyDeployment.container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(proxy.spec.telemetry.tracing.provider).toEqual({
      type: 'OpenTelemetry',
      host: 'otel-collector.tracing.svc.cluster.local',
      port: 4317,
    });
  });

  it('sends all of the ALB to the edge-gateway Service and health-checks Envoy readiness', () => {
    const [ingress] = ofKind(prod, 'Ingress');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-port': '19003',
      'alb.ingress.kubernetes.io/healthcheck-path': '/ready',
    });
    expect(ingress.spec.rules[0].http.paths).toEqual([
      { path: '/', pathType: 'Prefix', backend: { service: { name: 'edge-gateway', port: { number: 8080 } } } },
    ]);
  });

  it('lets the Envoy pods reach exactly the routed services, the controller, DNS, the waypoint and the collector', () => {
    const [policy] = ofKind(prod, 'NetworkPolicy');
    expect(policy.spec.podSelector).toEqual({
      matchLabels: { 'gateway.networking.k8s.io/gateway-name': 'edge-gateway' },
    });
    const egress = policy.spec.egress as Json[];
    const services = egress.find((rule) => rule.to[0].podSelector?.matchExpressions);
    expect(services.to[0].podSelector.matchExpressions[0].values).toEqual([
      'cart-service',
      'order-service',
      'product-service',
      'user-service',
    ]);
    expect(egress.map((rule) => rule.ports.map((port: Json) => port.port))).toEqual([
      [53, 53],
      [18000],
      [3000],
      [15008],
      [4317],
    ]);
    const ingressPorts = (policy.spec.ingress as Json[]).map((rule) => rule.ports.map((port: Json) => port.port));
    expect(ingressPorts).toEqual([[8080, 19003], [8080, 15008], [19001], [19002, 19003]]);
  });

  it('renders a valid, restricted set with the mesh and CORS on (the Pulumi placeholders)', () => {
    expect(renderProblems(prod)).toEqual([]);
  });

  it("keeps the ALB's way in off the waypoint in mesh mode: the Envoy pods opt out of it for their inbound", () => {
    const podLabels = (rendered: KubeObject[]) =>
      ofKind(rendered, 'EnvoyProxy')[0].spec.provider.kubernetes.envoyDeployment.pod.labels;
    expect(podLabels(prod)).toMatchObject({ 'istio.io/use-waypoint': 'none' });
    expect(podLabels(defaults)['istio.io/use-waypoint']).toBeUndefined();
  });
});

describe('readable refusals of a wrong table or policy', () => {
  const withRoute = (route: Record<string, unknown>) => ({
    routes: [{ service: 'product-service', public: [{ methods: ['GET'], match: 'PathPrefix', path: '/x', ...route }] }],
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    [
      'a regular expression match',
      withRoute({ match: 'RegularExpression' }),
      /at '\/routes\/0\/public\/0\/match': value must be one of 'Exact', 'PathPrefix'/,
    ],
    ['an unknown method', withRoute({ methods: ['TRACE'] }), /at '\/routes\/0\/public\/0\/methods\/0': value must be/],
    ['an unknown service', { routes: [{ service: 'payment-service', public: [] }] }, /at '\/routes\/0\/service'/],
  ])('refuses %s through the values schema', async (_case, values, message) => {
    await expect(render(values)).rejects.toThrow(message);
  });

  it.each([
    ['/internal/v1/users', /routes: \/internal\/v1\/users of product-service \(public\) is private/],
    ['/metrics', /routes: \/metrics of product-service \(public\) is private/],
    ['/health/ready', /routes: \/health\/ready of product-service \(public\) is private/],
    ['/', /routes: \/ of product-service \(public\) would route every path/],
  ])('refuses to route %s, naming the route', async (privatePath, message) => {
    await expect(render(withRoute({ path: privatePath }))).rejects.toThrow(message);
  });

  it('refuses protected routes without an issuer', async () => {
    await expect(render({ jwt: { issuer: '' } })).rejects.toThrow(
      /jwt.issuer is required: the protected routes \(product-service-protected, user-service-protected/,
    );
  });

  it('refuses protected routes without an audience', async () => {
    await expect(render({ jwt: { audiences: [] } })).rejects.toThrow(/jwt.audiences needs at least one audience/);
  });

  it('refuses a service listed twice', async () => {
    const twice = { routes: [...table, { service: 'cart-service', public: [] }] };
    await expect(render(twice)).rejects.toThrow(/routes: cart-service is listed twice/);
  });

  it('refuses an Ingress without certificate or ALB CIDRs', async () => {
    await expect(render({ ingress: { enabled: true } })).rejects.toThrow(/ingress.certificateArn is required/);
    const noCidrs = { ingress: { enabled: true, certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' } };
    await expect(render(noCidrs)).rejects.toThrow(/networkPolicy.loadBalancer.cidrs is required/);
  });
});
