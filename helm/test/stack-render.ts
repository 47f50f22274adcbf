import path from 'node:path';
import * as YAML from 'yaml';
import { readFileSync } from 'node:fs';
import { renderChart, type RenderInput } from '../../tools/helm-checks/helm';
import type { KubeObject } from '../../tools/helm-checks/objects';
import type { StackName } from '../../pulumi/test/helpers/stack-config';
import { fixtureImages, stackFileText } from '../../pulumi/test/helpers/stack-config';
import { reveal } from '../../pulumi/test/helpers/mocks';
import { runProgram } from '../../pulumi/test/helpers/run-program';
import { subnetLayout } from '../../pulumi/lib/cidr';
import { HELM_DIR } from '../../tools/helm-checks/workspace';

/** One of this repository's charts as the Pulumi program installs it, rendered by Helm. */
export interface StackRelease {
  chart: string;
  namespace: string;
  objects: KubeObject[];
  /** What was rendered, to lint the same. */
  input: RenderInput;
}

/**
 * Runs the Pulumi program of a stack under mocks (as pulumi/test does, with CD's images filled in), takes
 * every Helm release of a chart in helm/ with exactly the values and value files it passes, and renders
 * each with real Helm from a prepared copy of helm/.
 */
export async function renderStack(stack: StackName, workspaceDir: string): Promise<StackRelease[]> {
  return (await renderStackWithPolicies(stack, workspaceDir)).releases;
}

/**
 * The same, plus the NetworkPolicies the program creates itself (around the collector and Fluent Bit, whose
 * third-party charts are not rendered here), so the documented flows cover every policy in the cluster.
 */
export async function renderStackWithPolicies(
  stack: StackName,
  workspaceDir: string,
): Promise<{ releases: StackRelease[]; policies: KubeObject[] }> {
  const run = await runProgram(stack, fixtureImages(stack));
  const policies = run.resources
    .filter((r) => r.type === 'kubernetes:networking.k8s.io/v1:NetworkPolicy')
    .map(
      (r) =>
        ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', ...(reveal(r.inputs) as object) }) as KubeObject,
    );
  return { releases: await renderReleases(run, stack, workspaceDir), policies };
}

async function renderReleases(
  run: Awaited<ReturnType<typeof runProgram>>,
  stack: StackName,
  workspaceDir: string,
): Promise<StackRelease[]> {
  const releases = run.resources.filter(
    (r) => r.type === 'kubernetes:helm.sh/v3:Release' && String(r.inputs.chart).startsWith(HELM_DIR),
  );
  return Promise.all(
    releases.map(async (release) => {
      const inputs = reveal(release.inputs) as { chart: string; namespace: string; name: string; values: object };
      const chart = path.basename(inputs.chart);
      const valueFiles = release.inputs.valueYamlFiles as unknown[];
      // The program passes the chart's values-<stack>.yaml as its one value file (pulumi/lib/charts.ts).
      if (valueFiles.length !== 1) throw new Error(`${chart}: expected one value file, got ${valueFiles.length}`);
      const input: RenderInput = {
        release: inputs.name,
        chartDir: path.join(workspaceDir, chart),
        namespace: inputs.namespace,
        valueFiles: [path.join(workspaceDir, chart, `values-${stack}.yaml`)],
        values: inputs.values as Record<string, unknown>,
      };
      return { chart, namespace: inputs.namespace, objects: await renderChart(input), input };
    }),
  );
}

/** What the stack's subnet ranges are, so flows read "public subnets" instead of a CIDR. */
export function subnetNames(stack: StackName): Record<string, string> {
  const config = YAML.parse(stackFileText(stack)) as { config: Record<string, { cidrBlock?: string }> };
  const { privateCidrs, publicCidrs } = subnetLayout(String(config.config['ecommerce:network'].cidrBlock), 3);
  return {
    ...Object.fromEntries(publicCidrs.map((cidr) => [cidr, 'public subnets'])),
    ...Object.fromEntries(privateCidrs.map((cidr) => [cidr, 'private subnets'])),
  };
}

export const networkFlowsDoc = (): string =>
  readFileSync(path.join(HELM_DIR, '..', 'docs', 'helm', 'network-flows.md'), 'utf8');
