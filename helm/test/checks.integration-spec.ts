import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderProblems } from '../../tools/helm-checks/check';
import { renderChart } from '../../tools/helm-checks/helm';
import { chartWorkspace } from '../../tools/helm-checks/workspace';

/**
 * The checks themselves: a chart copy broken the ways charts really break must fail them, with a message
 * that says where and what. Each case edits one file of a scratch copy and renders product-service with
 * its prod values, as charts.integration-spec.ts does.
 */
function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`the test's edit of ${file} found nothing to change`);
  writeFileSync(full, changed);
}

async function problemsOf(prepare: (dir: string) => void): Promise<string> {
  const workspace = chartWorkspace(prepare);
  try {
    const chartDir = path.join(workspace.dir, 'product-service');
    const rendered = await renderChart({
      release: 'product-service',
      chartDir,
      namespace: 'ecommerce',
      valueFiles: [
        path.join(chartDir, 'values-prod.yaml'),
        path.join(workspace.dir, 'ci', 'service-stack-overrides.yaml'),
      ],
    });
    return renderProblems(rendered).join('\n');
  } catch (error) {
    return (error as Error).message;
  } finally {
    workspace.remove();
  }
}

it('passes the unbroken copy (the baseline of the cases below)', async () => {
  await expect(problemsOf(() => undefined)).resolves.toBe('');
});

it('refuses bad indentation, naming the template and line', async () => {
  const message = await problemsOf((dir) =>
    edit(dir, 'common/templates/_podtemplate.tpl', '"common.probes" . | nindent 6', '"common.probes" . | nindent 3'),
  );
  expect(message).toMatch(/helm template failed/);
  expect(message).toMatch(/product-service\/templates\/rollout\.yaml/);
  expect(message).toMatch(/line \d+/);
});

it('refuses a missing value, naming it', async () => {
  const message = await problemsOf((dir) =>
    edit(dir, 'product-service/values.yaml', /^ {2}readiness:\n( {4}.*\n)+/m, ''),
  );
  expect(message).toMatch(/helm template failed/);
  expect(message).toMatch(/readiness/);
});

it('refuses an unknown field, naming the object, the path and the field', async () => {
  const message = await problemsOf((dir) =>
    edit(
      dir,
      'common/templates/_security.tpl',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: true\nreadOnlyRootFileSystem: true',
    ),
  );
  expect(message).toContain(
    'Rollout/product-service: /spec/template/spec/containers/0/securityContext must NOT have additional properties "readOnlyRootFileSystem"',
  );
});

it('refuses a pod the restricted Pod Security level would reject', async () => {
  const message = await problemsOf((dir) =>
    edit(dir, 'common/templates/_security.tpl', 'allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
  );
  expect(message).toContain('Rollout/product-service container product-service: allowPrivilegeEscalation is not false');
});

it('refuses a probe on a path the app does not serve', async () => {
  const message = await problemsOf((dir) =>
    edit(dir, 'common/templates/_probes.tpl', 'path: /health/ready', 'path: /ready'),
  );
  expect(message).toContain('readinessProbe: path /ready, expected /health/ready');
});

it('refuses a Service that selects no pods', async () => {
  const message = await problemsOf((dir) =>
    edit(
      dir,
      'common/templates/_service.tpl',
      /selector:\n(\s+)\{\{-? include "common.labels.selector" \. \| nindent (\d+) \}\}/,
      'selector:\n$1app: nothing',
    ),
  );
  expect(message).toContain('Service/product-service: selects no pods');
});

it('refuses a Rollout whose pre-promotion analysis is not the rendered one', async () => {
  const message = await problemsOf((dir) =>
    edit(
      dir,
      'common/templates/_rollout.tpl',
      '- templateName: {{ include "common.names.analysisName" . }}',
      '- templateName: smoke-only',
    ),
  );
  expect(message).toContain('Rollout/product-service: AnalysisTemplate smoke-only is not rendered');
});
