import path from 'node:path';
import { renderProblems, validated } from '../../tools/helm-checks/check';
import { lintChart, renderChart } from '../../tools/helm-checks/helm';
import type { KubeObject } from '../../tools/helm-checks/objects';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import {
  APPLICATION_CHARTS,
  type ApplicationChart,
  INTERNAL_SERVICE_CHARTS,
  requiredValuesFile,
  STACKS,
  stackOverridesFile,
} from '../tools/charts';

/**
 * Every chart through real Helm (the pinned helm v4, tools/toolchain): `helm lint --strict` and `helm
 * template` with the defaults and with each stack's values (plus helm/ci placeholders for what Pulumi adds;
 * the exact Pulumi values are rendered by stack-*.integration-spec.ts), each object validated strictly
 * against the Kubernetes 1.33 schemas and checked by the rules in tools/helm-checks.
 */
const workspace = chartWorkspace();
afterAll(() => workspace.remove());

type Case = { chart: ApplicationChart; values: 'defaults' | (typeof STACKS)[number] };
const cases: Case[] = APPLICATION_CHARTS.flatMap((chart) => [
  { chart, values: 'defaults' as const },
  ...STACKS.map((stack) => ({ chart, values: stack })),
]);
const namespaceOf = (chart: string) => (chart === 'mongodb' ? 'database' : 'ecommerce');

function input({ chart, values }: Case) {
  const chartDir = path.join(workspace.dir, chart);
  const required = requiredValuesFile(chart);
  const valueFiles = [
    // What every install of the chart must give, e.g. notification-service's sender.
    ...(required ? [path.join(workspace.dir, 'ci', path.basename(required))] : []),
    ...(values === 'defaults'
      ? []
      : [
          path.join(chartDir, `values-${values}.yaml`),
          path.join(workspace.dir, 'ci', path.basename(stackOverridesFile(chart))),
        ]),
  ];
  return { release: chart, chartDir, namespace: namespaceOf(chart), valueFiles };
}

const renders = new Map<string, KubeObject[]>();
const key = ({ chart, values }: Case) => `${chart} with ${values}`;

beforeAll(async () => {
  for (const each of cases) renders.set(key(each), await renderChart(input(each)));
  const restore = {
    ...input({ chart: 'mongodb', values: 'prod' }),
    values: { restore: { enabled: true, backupKey: 'mongodb/2025-01-31T021500Z' } },
  };
  renders.set('mongodb restore job', await renderChart(restore));
}, 120000);

afterAll(() => {
  const count = [...renders.values()].reduce((sum, objects) => sum + objects.length, 0);
  validated.objects += count;
  process.stdout.write(`helm checks: ${renders.size} renders, ${count} objects validated against Kubernetes 1.33\n`);
});

describe.each(cases)('$chart with $values values', (each) => {
  it('passes helm lint --strict', async () => {
    await expect(lintChart(input(each))).resolves.toMatch(/0 chart\(s\) failed/);
  });

  it('renders objects that validate strictly and meet the rules', () => {
    const rendered = renders.get(key(each)) ?? [];
    expect(rendered.length).toBeGreaterThan(0);
    expect(renderProblems(rendered)).toEqual([]);
  });
});

it('passes helm lint --strict for the library chart', async () => {
  await expect(
    lintChart({ release: 'common', chartDir: path.join(workspace.dir, 'common'), namespace: 'ecommerce' }),
  ).resolves.toMatch(/0 chart\(s\) failed/);
});

const testPods = (chart: ApplicationChart) =>
  (renders.get(key({ chart, values: 'prod' })) ?? []).filter(
    (o) => o.kind === 'Pod' && o.metadata.annotations?.['helm.sh/hook'] === 'test',
  );

it.each(APPLICATION_CHARTS.filter((chart) => !(INTERNAL_SERVICE_CHARTS as readonly string[]).includes(chart)))(
  '%s renders a helm test pod',
  (chart) => {
    expect(testPods(chart)).toHaveLength(1);
  },
);

it.each(INTERNAL_SERVICE_CHARTS)(
  '%s renders no test pod, no Ingress, and lets in Prometheus and its release analysis only',
  (chart) => {
    const rendered = renders.get(key({ chart, values: 'prod' })) ?? [];
    expect(testPods(chart)).toEqual([]);
    expect(rendered.filter((o) => o.kind === 'Ingress')).toEqual([]);
    const policy = rendered.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === chart);
    expect(policy?.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        ports: [{ port: 3000, protocol: 'TCP' }],
      },
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': `${chart}-analysis`, 'app.kubernetes.io/instance': chart },
            },
          },
        ],
        ports: [{ port: 3000, protocol: 'TCP' }],
      },
    ]);
  },
);

it.each(INTERNAL_SERVICE_CHARTS)('%s refuses a production install without a sender', async (chart) => {
  const withoutSender = { release: chart, chartDir: path.join(workspace.dir, chart), namespace: 'ecommerce' };
  await expect(renderChart(withoutSender)).rejects.toThrow(/MAIL_FROM/);
});

it('renders the on-demand restore Job of the mongodb chart, valid and restricted', () => {
  const rendered = renders.get('mongodb restore job') ?? [];
  expect(rendered.filter((o) => o.kind === 'Job').map((o) => o.metadata.name)).toHaveLength(1);
  expect(renderProblems(rendered)).toEqual([]);
});
