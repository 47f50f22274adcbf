import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderProblems } from '../../tools/helm-checks/check';
import { renderChart } from '../../tools/helm-checks/helm';
import { allowedFlows } from '../../tools/helm-checks/network-flows';
import type { Json, KubeObject } from '../../tools/helm-checks/objects';
import { chartWorkspace } from '../../tools/helm-checks/workspace';
import { HTTP_DURATION, STATUS_LABEL } from '../../pulumi/observability/metrics';
import { MONITORING_NAMESPACE } from '../../pulumi/config/namespaces';
import { ensurePromtool, promtool, scratchFiles } from '../../pulumi/test/helpers/promtool';
import { isPublicServiceChart, SERVICE_CHARTS, type ServiceChart, stackOverridesFile } from '../tools/charts';

/**
 * Blue-green releases (docs/decisions/0019-blue-green-releases.md), rendered by real Helm: the values flag turns the
 * Deployment into an Argo Rollouts Rollout with its preview Service and pre-promotion analysis, and everything that
 * pointed at the Deployment's pods follows (HPA, ServiceMonitor, NetworkPolicies). The analysis itself is run too:
 * its smoke script with Node against a stand-in service, its PromQL through promtool on synthetic series.
 */
const workspace = chartWorkspace();
afterAll(() => workspace.remove());

type Values = 'defaults' | 'staging' | 'prod';
const renders = new Map<string, KubeObject[]>();
const renderKey = (chart: ServiceChart, values: Values) => `${chart} ${values}`;

function input(chart: ServiceChart, values: Values) {
  const chartDir = path.join(workspace.dir, chart);
  const ci = (file: string) => path.join(workspace.dir, 'ci', path.basename(file));
  const required = chart === 'notification-service' ? [ci('notification-service-required-values.yaml')] : [];
  const stack =
    values === 'defaults' ? [] : [path.join(chartDir, `values-${values}.yaml`), ci(stackOverridesFile(chart))];
  return { release: chart, chartDir, namespace: 'ecommerce', valueFiles: [...required, ...stack] };
}

beforeAll(async () => {
  for (const chart of SERVICE_CHARTS)
    for (const values of ['defaults', 'staging', 'prod'] as const)
      renders.set(renderKey(chart, values), await renderChart(input(chart, values)));
}, 120_000);

const rendered = (chart: ServiceChart, values: Values) => renders.get(renderKey(chart, values)) ?? [];
const one = (objects: KubeObject[], kind: string, name?: string): Json => {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
};
const kinds = (objects: KubeObject[]) => objects.map((o) => o.kind);

describe.each(SERVICE_CHARTS)('%s', (chart) => {
  const selector = { 'app.kubernetes.io/name': chart, 'app.kubernetes.io/instance': chart };

  it('with the flag off (the defaults): a Deployment, and nothing of Argo Rollouts', () => {
    const objects = rendered(chart, 'defaults');
    expect(kinds(objects)).toContain('Deployment');
    expect(kinds(objects)).not.toEqual(expect.arrayContaining(['Rollout']));
    expect(
      objects.filter((o) => o.apiVersion.startsWith('argoproj.io') || o.metadata.name.endsWith('-preview')),
    ).toEqual([]);
    expect(one(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: chart,
    });
    const policy = one(objects, 'NetworkPolicy', chart);
    expect(JSON.stringify(policy.spec.ingress)).not.toContain('-analysis');
  });

  it.each(['staging', 'prod'] as const)('with %s values: a blue-green Rollout instead of the Deployment', (stack) => {
    const objects = rendered(chart, stack);
    expect(kinds(objects)).not.toContain('Deployment');
    const rollout = one(objects, 'Rollout');
    expect(rollout.metadata.name).toBe(chart);
    expect(rollout.spec.selector.matchLabels).toEqual(selector);
    expect(rollout.spec.strategy.blueGreen).toEqual({
      activeService: chart,
      previewService: `${chart}-preview`,
      // Staging promotes as soon as the analysis passed; prod waits for the deploy job, after its approval.
      autoPromotionEnabled: stack === 'staging',
      scaleDownDelaySeconds: 60,
      abortScaleDownDelaySeconds: 300,
      prePromotionAnalysis: {
        templates: [{ templateName: `${chart}-analysis` }],
        args: [
          { name: 'preview-service', value: `${chart}-preview.ecommerce.svc.cluster.local` },
          { name: 'preview-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
        ],
      },
    });
    // The same pods the Deployment would run, each ReplicaSet spread on its own.
    const spread = rollout.spec.template.spec.topologySpreadConstraints;
    expect(spread.map((c: Json) => c.matchLabelKeys)).toEqual([
      ['rollouts-pod-template-hash'],
      ['rollouts-pod-template-hash'],
    ]);
    expect(renderProblems(objects)).toEqual([]);
  });

  it('has a preview Service selecting the same pods (the controller narrows it to the new ReplicaSet)', () => {
    const objects = rendered(chart, 'prod');
    const active = one(objects, 'Service', chart);
    const preview = one(objects, 'Service', `${chart}-preview`);
    expect(preview.spec.selector).toEqual(active.spec.selector);
    expect(preview.spec.ports).toEqual(active.spec.ports);
    expect(preview.metadata.labels['app.kubernetes.io/component']).toBe('preview');
  });

  it('scales the Rollout, not a Deployment, and protects its pods with the PDB', () => {
    const objects = rendered(chart, 'prod');
    expect(one(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      name: chart,
    });
    expect(one(objects, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(selector);
  });

  it('scrapes the preview pods too, as the same service, with their pod template hash', () => {
    const monitor = one(rendered(chart, 'prod'), 'ServiceMonitor');
    expect(monitor.spec.selector.matchLabels).toEqual(selector);
    expect(monitor.spec.podTargetLabels).toEqual(['rollouts-pod-template-hash']);
    expect(monitor.spec.endpoints[0].relabelings).toEqual([
      { action: 'replace', targetLabel: 'service', replacement: chart },
      { action: 'replace', targetLabel: 'job', replacement: chart },
    ]);
  });

  it('lets the analysis Job reach the service pods on 3000, and it reaches nothing else but DNS', () => {
    const flows = allowedFlows(rendered(chart, 'prod'), 'ecommerce', {}).filter((flow) => flow.includes('-analysis'));
    expect(flows).toEqual(
      [
        `in ${chart}@ecommerce <- ${chart}-analysis@ecommerce 3000/TCP`,
        `out ${chart}-analysis@ecommerce -> ${chart}@ecommerce 3000/TCP`,
        `out ${chart}-analysis@ecommerce -> kube-dns@kube-system 53/TCP`,
        `out ${chart}-analysis@ecommerce -> kube-dns@kube-system 53/UDP`,
      ].sort(),
    );
  });

  it('analyses the preview with the smoke checks, its 5xx share and its p99, each able to fail it', () => {
    const template = one(rendered(chart, 'prod'), 'AnalysisTemplate', `${chart}-analysis`);
    expect(template.spec.args).toEqual([{ name: 'preview-service' }, { name: 'preview-hash' }]);
    const [smoke, errorRate, latency] = template.spec.metrics;
    expect([smoke.name, errorRate.name, latency.name]).toEqual(['smoke', 'error-rate', 'latency-p99']);

    const job = smoke.provider.job.spec;
    expect(job.backoffLimit).toBe(0);
    const container = job.template.spec.containers[0];
    // The new version's own image: the digest Pulumi passes, so the check runs no image from elsewhere.
    expect(container.image).toBe(one(rendered(chart, 'prod'), 'Rollout').spec.template.spec.containers[0].image);
    expect(container.command.slice(0, 2)).toEqual(['node', '-e']);
    expect(container.env).toContainEqual({ name: 'PREVIEW_URL', value: 'http://{{args.preview-service}}:3000' });

    const prometheus = `http://kube-prometheus-stack-prometheus.${MONITORING_NAMESPACE}.svc.cluster.local:9090`;
    const preview = `namespace="ecommerce",service="${chart}",rollouts_pod_template_hash="{{args.preview-hash}}"`;
    for (const metric of [errorRate, latency]) {
      expect(metric.provider.prometheus.address).toBe(prometheus);
      expect(metric.provider.prometheus.query).toContain(preview);
      expect(metric).toMatchObject({ count: 4, failureLimit: 1, consecutiveErrorLimit: 2 });
      // No series at all (a preview nobody scrapes) fails the measurement instead of passing it.
      expect(metric.successCondition).toMatch(/^len\(result\) > 0 && !isNaN\(result\[0\]\) && result\[0\] <= /);
    }
    expect(errorRate.provider.prometheus.query).toContain(`${HTTP_DURATION}_count{`);
    expect(errorRate.provider.prometheus.query).toContain(`${STATUS_LABEL}=~"5.."`);
    expect(errorRate.successCondition).toMatch(/<= 0.05$/);
    expect(latency.provider.prometheus.query).toMatch(
      new RegExp(`^histogram_quantile\\(0.99, .*${HTTP_DURATION}_bucket`),
    );
    expect(latency.successCondition).toMatch(/<= 1$/);
  });

  it('subscribes the stack’s channel and address to the release events (Slack and email)', () => {
    const annotations = one(rendered(chart, 'prod'), 'Rollout').metadata.annotations;
    const triggers = [
      'on-rollout-updated',
      'on-rollout-step-completed',
      'on-rollout-paused',
      'on-rollout-completed',
      'on-rollout-aborted',
      'on-analysis-run-failed',
    ];
    expect(annotations).toEqual(
      Object.fromEntries(
        triggers.flatMap((trigger) => [
          [`notifications.argoproj.io/subscribe.${trigger}.slack`, 'deploys'],
          [`notifications.argoproj.io/subscribe.${trigger}.email`, 'ops-oncall@shop.example.com'],
        ]),
      ),
    );
    expect(one(rendered(chart, 'staging'), 'Rollout').metadata.annotations).toMatchObject({
      'notifications.argoproj.io/subscribe.on-rollout-aborted.slack': 'deploys-staging',
      'notifications.argoproj.io/subscribe.on-rollout-aborted.email': 'ops-staging@shop.example.com',
    });
  });
});

it('lets a Rollout without subscriptions carry no annotations at all', async () => {
  const objects = await renderChart({
    ...input('product-service', 'prod'),
    values: { rollout: { notifications: { slackChannel: '', email: '' } } },
  });
  expect(one(objects, 'Rollout').metadata.annotations).toBeUndefined();
});

it('renders a Rollout with fixed replicas when autoscaling is off, and no HPA', async () => {
  const objects = await renderChart({ ...input('cart-service', 'prod'), values: { autoscaling: { enabled: false } } });
  expect(one(objects, 'Rollout').spec.replicas).toBe(2);
  expect(kinds(objects)).not.toContain('HorizontalPodAutoscaler');
  expect(renderProblems(objects)).toEqual([]);
});

describe('the smoke script of the analysis Job, run by Node against a stand-in for the preview', () => {
  let server: Server;
  let base: string;
  const answers: Record<string, (id: string) => { status: number; type?: string; header?: boolean; body?: object }> =
    {};

  beforeAll(async () => {
    server = createServer((request, response) => {
      const id = String(request.headers['x-request-id']);
      const answer = answers[request.url ?? '']?.(id) ?? { status: 404 };
      const headers: Record<string, string> = {};
      if (answer.type) headers['content-type'] = answer.type;
      if (answer.header) headers['x-request-id'] = id;
      response.writeHead(answer.status, headers).end(answer.body ? JSON.stringify(answer.body) : '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Runs the rendered container's command with its rendered env, the preview URL pointed at the stand-in. */
  async function runSmoke(chart: ServiceChart): Promise<{ ok: boolean; output: string }> {
    const template = one(rendered(chart, 'prod'), 'AnalysisTemplate');
    const container = template.spec.metrics[0].provider.job.spec.template.spec.containers[0];
    const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
    const [command, ...args] = container.command as string[];
    try {
      const { stdout } = await promisify(execFile)(command, args, {
        env: { PATH: process.env.PATH, ...env, PREVIEW_URL: base },
        timeout: 20_000,
      });
      return { ok: true, output: stdout };
    } catch (error) {
      return { ok: false, output: String((error as { stdout?: string }).stdout) };
    }
  }

  const ready = () => ({ status: 200, type: 'application/json', body: { status: 'ok' } });

  it('passes a healthy service: ready, and each public path answered by the service with its request id', async () => {
    answers['/health/ready'] = ready;
    answers['/api/v1/users/me'] = (id) => ({ status: 401, type: 'application/problem+json', body: { requestId: id } });
    answers['/.well-known/jwks.json'] = () => ({ status: 404, type: 'application/json', header: true });
    const result = await runSmoke('user-service');
    expect(result.output).toContain(`ok   ${base}/api/v1/users/me: 401 application/problem+json`);
    expect(result.output).toContain(`ok   ${base}/.well-known/jwks.json: 404 application/json`);
    expect(result.ok).toBe(true);
  });

  it('fails a 5xx, an answer that is not the service’s, and a preview that is not ready', async () => {
    answers['/health/ready'] = ready;
    answers['/api/v1/users/me'] = () => ({ status: 502, type: 'application/problem+json', header: true });
    answers['/.well-known/jwks.json'] = () => ({ status: 200, type: 'text/html' });
    const failing = await runSmoke('user-service');
    expect(failing.ok).toBe(false);
    expect(failing.output).toContain(`FAIL ${base}/api/v1/users/me: 502`);
    expect(failing.output).toContain('/.well-known/jwks.json: 200 text/html (not answered by the service)');

    answers['/health/ready'] = () => ({ status: 503, type: 'application/json' });
    const notReady = await runSmoke('notification-service');
    expect(notReady).toEqual({ ok: false, output: `FAIL ${base}/health/ready: 503 application/json\n` });
  });

  it('checks only readiness for a service without public paths', async () => {
    answers['/health/ready'] = ready;
    expect(await runSmoke('notification-service')).toEqual({
      ok: true,
      output: `ok   ${base}/health/ready: 200 application/json\n`,
    });
  });
});

describe('the analysis PromQL, evaluated by promtool on synthetic series', () => {
  let binary: string;
  beforeAll(async () => {
    binary = await ensurePromtool();
  }, 30 * 60_000);

  /** The rendered queries with the hash the controller passes, as recording rules promtool evaluates. */
  function rules(): { record: string; expr: string }[] {
    const template = one(rendered('product-service', 'prod'), 'AnalysisTemplate');
    return template.spec.metrics
      .filter((metric: Json) => metric.provider.prometheus)
      .map((metric: Json) => ({
        record: `analysis:${metric.name.replace(/-/g, '_')}`,
        expr: metric.provider.prometheus.query.replaceAll('{{args.preview-hash}}', 'new'),
      }));
  }

  const series = (hash: string, status: string, le?: string) =>
    `${HTTP_DURATION}_${le ? 'bucket' : 'count'}{namespace="ecommerce",service="product-service",` +
    `rollouts_pod_template_hash="${hash}",${STATUS_LABEL}="${status}"${le ? `,le="${le}"` : ''}}`;

  it('reads the new pods only: their 5xx share and p99, not the old version’s', async () => {
    const dir = scratchFiles({
      'analysis.yml': { groups: [{ name: 'analysis', rules: rules() }] },
      'tests.yml': {
        rule_files: ['analysis.yml'],
        evaluation_interval: '30s',
        tests: [
          {
            interval: '30s',
            input_series: [
              // The new pods, every 30 s: 9 answers 200 within 0.1 s, 1 answer 500 between 0.1 and 2.5 s.
              { series: series('new', '200'), values: '0+9x10' },
              { series: series('new', '500'), values: '0+1x10' },
              ...['0.1', '2.5', '+Inf'].map((le) => ({ series: series('new', '200', le), values: '0+9x10' })),
              { series: series('new', '500', '0.1'), values: '0+0x10' },
              ...['2.5', '+Inf'].map((le) => ({ series: series('new', '500', le), values: '0+1x10' })),
              // The old version, failing everything slowly: not the preview's business.
              { series: series('old', '503'), values: '0+50x10' },
              ...['0.1', '2.5'].map((le) => ({ series: series('old', '503', le), values: '0+0x10' })),
              { series: series('old', '503', '+Inf'), values: '0+50x10' },
            ],
            promql_expr_test: [
              // 10 % of the preview's answers are 5xx (above the 5 % limit); its p99 is 2.26 s (above 1 s).
              {
                expr: 'analysis:error_rate > bool 0.09 and analysis:error_rate < bool 0.11',
                eval_time: '4m',
                exp_samples: [{ labels: '{}', value: 1 }],
              },
              {
                expr: 'analysis:latency_p99 > bool 2.2 and analysis:latency_p99 < bool 2.3',
                eval_time: '4m',
                exp_samples: [{ labels: '{}', value: 1 }],
              },
            ],
          },
          {
            // Nothing failed: the share is 0 (not an empty result, which would fail the measurement).
            interval: '30s',
            input_series: [{ series: series('new', '200'), values: '0+9x10' }],
            promql_expr_test: [
              {
                expr: 'analysis:error_rate',
                eval_time: '4m',
                exp_samples: [{ labels: 'analysis:error_rate', value: 0 }],
              },
            ],
          },
          {
            // Nobody scraped the preview: no sample at all, which the success condition turns into a failure.
            interval: '30s',
            input_series: [{ series: series('old', '200'), values: '0+9x10' }],
            promql_expr_test: [{ expr: 'analysis:error_rate', eval_time: '4m', exp_samples: [] }],
          },
        ],
      },
    });
    const tested = await promtool(binary, ['test', 'rules', path.join(dir, 'tests.yml')]);
    expect(tested.output).not.toContain('FAILED');
    expect(tested).toMatchObject({ ok: true });
  }, 120_000);
});

it('gives every public service chart the smoke paths of tools/smoke, and the others none', async () => {
  const { SMOKE_PATHS } = await import('../../tools/smoke/smoke-checks');
  for (const chart of SERVICE_CHARTS) {
    const template = one(rendered(chart, 'prod'), 'AnalysisTemplate');
    const env = template.spec.metrics[0].provider.job.spec.template.spec.containers[0].env;
    const paths = JSON.parse(env.find((e: { name: string }) => e.name === 'SMOKE_PATHS').value);
    expect(paths).toEqual(SMOKE_PATHS.filter((p) => p.service === chart).map((p) => p.path));
    if (!isPublicServiceChart(chart)) expect(paths).toEqual([]);
  }
});
