import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { ensureTool } from '../toolchain/ensure-tool';
import type { KubeObject } from './objects';

const run = promisify(execFile);

/** The Kubernetes version the stacks run (Pulumi.<stack>.yaml ecommerce:cluster.kubernetesVersion). */
export const KUBE_VERSION = '1.33.0';

export class HelmError extends Error {}

/** What one render is given: a chart folder, value files in order, then values (as Pulumi passes them). */
export interface RenderInput {
  release: string;
  chartDir: string;
  namespace: string;
  valueFiles?: string[];
  values?: Record<string, unknown>;
}

/** Writes values as a YAML file Helm can read; JSON is YAML, and keeps what Pulumi passed exactly. */
function valuesFile(values: Record<string, unknown>): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'helm-values-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  return file;
}

function valueFlags(input: RenderInput): string[] {
  const files = [...(input.valueFiles ?? []), ...(input.values ? [valuesFile(input.values)] : [])];
  return files.flatMap((file) => ['--values', file]);
}

async function helm(args: string[]): Promise<string> {
  const binary = await ensureTool('helm');
  try {
    const { stdout } = await run(binary, args, { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    // execFile's errors always carry what the process printed (empty when it never started).
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new HelmError(`helm ${args[0]} failed:\n${`${stderr}\n${stdout}`.trim()}`);
  }
}

/** `helm template` with the stacks' Kubernetes version; returns every rendered object (tests included). */
export async function renderChart(input: RenderInput): Promise<KubeObject[]> {
  const text = await helm([
    'template',
    input.release,
    input.chartDir,
    '--namespace',
    input.namespace,
    '--kube-version',
    KUBE_VERSION,
    ...valueFlags(input),
  ]);
  return parseAllDocuments(text)
    .map((document) => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}

/** `helm lint --strict`: warnings fail too. */
export async function lintChart(input: RenderInput): Promise<string> {
  return helm([
    'lint',
    '--strict',
    input.chartDir,
    '--namespace',
    input.namespace,
    '--kube-version',
    KUBE_VERSION,
    ...valueFlags(input),
  ]);
}
