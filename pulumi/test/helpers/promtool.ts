import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureTool } from '../../../tools/toolchain/ensure-tool';
import type { AlertRule } from '../../observability/alert-rules';

const run = promisify(execFile);

/** Builds promtool on first use (minutes, once per machine; `npm test` prebuilds it) and returns its path. */
export const ensurePromtool = (): Promise<string> => ensureTool('promtool', { log: (line) => console.log(line) });

export interface RuleGroup {
  name: string;
  /** Alerting rules (annotations may be left out) or recording rules. */
  rules: (Omit<AlertRule, 'annotations'> | { record: string; expr: string })[];
}

/** What promtool printed and whether it succeeded; a failing command is an answer here, not an exception. */
export async function promtool(binary: string, args: string[]): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(binary, args, { maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

/** A scratch folder with these files (JSON is YAML, so rule and test files are written as JSON). */
export function scratchFiles(files: Record<string, unknown>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'promtool-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), JSON.stringify(content));
  return dir;
}
