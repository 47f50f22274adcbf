import { renderProblems, validated } from '../../tools/helm-checks/check';
import { KUBE_VERSION, lintChart } from '../../tools/helm-checks/helm';
import * as YAML from 'yaml';
import { stackFileText } from '../../pulumi/test/helpers/stack-config';
import { allowedFlows, documentedFlows } from '../../tools/helm-checks/network-flows';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import type { StackName } from '../../pulumi/test/helpers/stack-config';
import type { KubeObject } from '../../tools/helm-checks/objects';
import { networkFlowsDoc, renderStackWithPolicies, subnetNames, type StackRelease } from './stack-render';

/**
 * A stack's charts rendered with exactly what its Pulumi program passes (one test file per stack: the
 * program runs once per module registry). Every object validates and meets the rules, and the
 * NetworkPolicies of all releases together allow exactly the flows docs/helm/network-flows.md lists.
 */
export function describeStackRender(stack: StackName): void {
  const workspace = chartWorkspace();
  let releases: StackRelease[] = [];
  let programPolicies: KubeObject[] = [];

  beforeAll(async () => {
    ({ releases, policies: programPolicies } = await renderStackWithPolicies(stack, workspace.dir));
  }, 120000);
  afterAll(() => {
    workspace.remove();
    const count = releases.reduce((sum, release) => sum + release.objects.length, 0);
    validated.objects += count;
    process.stdout.write(
      `helm checks (${stack} as Pulumi installs it): ${releases.length} releases, ${count} objects validated\n`,
    );
  });

  it('renders and validates for the Kubernetes version the stack runs', () => {
    const config = YAML.parse(stackFileText(stack)).config as Record<string, { kubernetesVersion: string }>;
    expect(KUBE_VERSION.split('.').slice(0, 2).join('.')).toBe(config['ecommerce:cluster'].kubernetesVersion);
  });

  it('installs all eight charts of this repository', () => {
    expect(releases.map((r) => r.chart).sort()).toEqual([
      'cart-service',
      'gateway',
      'mesh',
      'mongodb',
      'notification-service',
      'order-service',
      'product-service',
      'user-service',
    ]);
  });

  it('runs notification-service under its SES role, with its sender, and nothing routed to it', () => {
    const release = releases.find((r) => r.chart === 'notification-service');
    const account = release?.objects.find((o) => o.kind === 'ServiceAccount');
    expect(account?.metadata.annotations?.['eks.amazonaws.com/role-arn']).toMatch(/:role\/mail-sender$/);
    const config = release?.objects.find((o) => o.kind === 'ConfigMap');
    expect(config?.data).toMatchObject({
      MAIL_FROM: expect.stringContaining('@mail.'),
      USER_SERVICE_URL: 'http://user-service:3000',
    });
    expect(release?.objects.filter((o) => o.kind === 'Ingress' || o.metadata.annotations?.['helm.sh/hook'])).toEqual(
      [],
    );
  });

  it('passes helm lint --strict for every release with the values Pulumi passes', async () => {
    const results = await Promise.all(releases.map((release) => lintChart(release.input)));
    for (const output of results) expect(output).toMatch(/0 chart\(s\) failed/);
  });

  it('renders every release into objects that validate strictly and meet the rules', () => {
    const problems = releases.flatMap((release) =>
      renderProblems(release.objects).map((p) => `${release.chart}: ${p}`),
    );
    expect(problems).toEqual([]);
  });

  it('sends everything the shared ALB takes to the edge gateway, its only Ingress', () => {
    const routes = releases.flatMap((release) =>
      release.objects
        .filter((o) => o.kind === 'Ingress')
        .flatMap((ingress) =>
          ingress.spec.rules.flatMap(
            (rule: { host: string; http: { paths: { path: string; backend: { service: { name: string } } }[] } }) =>
              rule.http.paths.map((p) => `${rule.host} ${p.path} -> ${p.backend.service.name}`),
          ),
        ),
    );
    const config = YAML.parse(stackFileText(stack)).config as Record<string, { domain: string }>;
    expect(routes).toEqual([`${config['ecommerce:edge'].domain} / -> edge-gateway`]);
  });

  it('routes exactly the table’s public paths at the gateway, the JWKS and Stripe’s webhook among them, never /internal (docs in staging only)', () => {
    const gateway = releases.find((r) => r.chart === 'gateway');
    const routes = (gateway?.objects ?? [])
      .filter((o) => o.kind === 'HTTPRoute')
      .flatMap((route) =>
        (
          route.spec.rules as {
            matches: { path: { type: string; value: string } }[];
            backendRefs: { name: string }[];
          }[]
        ).flatMap((rule) =>
          rule.matches.map(
            (m) =>
              `${route.metadata.labels?.['ecommerce/route-visibility']} ${m.path.type} ${m.path.value} -> ${rule.backendRefs[0].name}`,
          ),
        ),
      );
    const docs = ['product-service', 'user-service', 'cart-service', 'order-service'].map(
      (s) => `public PathPrefix /docs/${s} -> ${s}`,
    );
    expect([...new Set(routes)].sort()).toEqual(
      [
        'protected PathPrefix /api/v1/cart -> cart-service',
        'protected PathPrefix /api/v1/orders -> order-service',
        'protected PathPrefix /api/v1/products -> product-service',
        'protected PathPrefix /api/v1/users -> user-service',
        'public Exact /.well-known/jwks.json -> user-service',
        'public Exact /api/v1/auth/login -> user-service',
        'public Exact /api/v1/auth/logout -> user-service',
        'public Exact /api/v1/auth/refresh -> user-service',
        'public Exact /api/v1/auth/register -> user-service',
        'public Exact /api/v1/payments/stripe/webhook -> order-service',
        'public PathPrefix /api/v1/products -> product-service',
        ...(stack === 'staging' ? docs : []),
      ].sort(),
    );
  });

  it('allows exactly the network flows docs/helm/network-flows.md lists', () => {
    const flows = [
      ...releases.flatMap((release) => allowedFlows(release.objects, release.namespace, subnetNames(stack))),
      // The collector's and Fluent Bit's policies, which the program creates next to their third-party charts.
      ...allowedFlows(programPolicies, '', subnetNames(stack)),
    ];
    expect([...new Set(flows)].sort()).toEqual(documentedFlows(networkFlowsDoc()));
  });
}
