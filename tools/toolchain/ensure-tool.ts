import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PINNED_TOOLS, type PinnedTool, type ToolName } from './tools';

const run = promisify(execFile);

/** The project's git-ignored tool folder (overridable so tests can use a scratch folder). */
export const TOOLS_DIR = resolve(process.env.PROJECT_TOOLS_DIR ?? join(__dirname, '..', '..', '.tools'));

export class ToolUnavailableError extends Error {}

/** Where a pinned tool lives once installed: `.tools/<name>@<version>/<binary>`. */
export function toolPath(name: ToolName, tools: Record<string, PinnedTool> = PINNED_TOOLS): string {
  const tool = tools[name];
  return join(TOOLS_DIR, `${name}@${tool.version}`, tool.binary);
}

async function goAvailable(): Promise<boolean> {
  try {
    await run('go', ['version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the path of the pinned tool, building it with `go install` the first time. Builds into a temporary
 * folder and renames it into place, so an interrupted build never leaves a half-written binary behind.
 * Throws a ToolUnavailableError naming what to install when it cannot be had: no test is skipped for it.
 */
export async function ensureTool(
  name: ToolName,
  options: { log?: (line: string) => void; tools?: Record<string, PinnedTool> } = {},
): Promise<string> {
  const tools = options.tools ?? PINNED_TOOLS;
  const tool = tools[name];
  const target = toolPath(name, tools);
  if (existsSync(target)) return target;
  if (!(await goAvailable())) {
    throw new ToolUnavailableError(
      `${name} ${tool.version} is needed and Go is not installed: install Go 1.26+ (https://go.dev/dl/), ` +
        `or put ${tool.binary} ${tool.version} at ${target}.`,
    );
  }
  const folder = join(TOOLS_DIR, `${name}@${tool.version}`);
  const staging = `${folder}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  options.log?.(`building ${name} ${tool.version} with go install (first run only)...`);
  try {
    await run('go', ['install', ...(tool.goFlags ?? []), `${tool.goPackage}@${tool.version}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new ToolUnavailableError(`go install ${tool.goPackage}@${tool.version} failed:\n${stderr.slice(-2000)}`);
  }
  if (!existsSync(folder)) renameSync(staging, folder);
  else rmSync(staging, { recursive: true, force: true });
  return target;
}
