import { parse } from 'yaml';

export interface WorkflowStep {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}

export interface WorkflowJob {
  name?: string;
  uses?: string;
  needs?: string | string[];
  permissions?: Record<string, string> | string;
  environment?: string | { name: string; url?: string };
  concurrency?: unknown;
  'timeout-minutes'?: number;
  steps?: WorkflowStep[];
}

export interface Workflow {
  name: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  concurrency?: unknown;
  jobs: Record<string, WorkflowJob>;
}

export const parseWorkflow = (source: string): Workflow => parse(source) as Workflow;

/** Every `run:` script of the workflow, labelled `job/step` for readable failures. */
export function runScripts(workflow: Workflow): { where: string; script: string }[] {
  return Object.entries(workflow.jobs).flatMap(([jobId, job]) =>
    (job.steps ?? [])
      .filter((step) => step.run !== undefined)
      .map((step, index) => ({ where: `${jobId}/${step.name ?? step.id ?? index}`, script: step.run! })),
  );
}

/** `uses:` references with the comment that follows them on the same line, read from the raw text. */
export function usesLines(source: string): { ref: string; comment: string; line: number }[] {
  return source.split('\n').flatMap((text, index) => {
    const match = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(?:#\s*(.*))?$/.exec(text);
    return match ? [{ ref: match[1], comment: (match[2] ?? '').trim(), line: index + 1 }] : [];
  });
}

/** `npm run <script>` and `npm test` invocations in a piece of shell. */
export function npmScriptsCalled(script: string): string[] {
  const names = [...script.matchAll(/\bnpm run(?:-script)?\s+([\w:.-]+)/g)].map((match) => match[1]);
  if (/\bnpm (?:test|t)\b/.test(script)) names.push('test');
  return names;
}

/** Repository files a piece of shell executes or reads as a program: `bash x.sh`, `npx tsx x.ts`, `node x.mjs`. */
export function repoScriptsCalled(script: string): string[] {
  const pattern = /(?:^|[\s;&|(])((?:tools|helm|pulumi|scripts|test)\/[\w./-]+\.(?:sh|ts|mjs|cjs|js))\b/g;
  return [...script.matchAll(pattern)].map((match) => match[1]);
}
