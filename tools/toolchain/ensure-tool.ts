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
    // The environment the build below is given too, so both find Go through the same PATH (and a test's
    // process.env, which Jest keeps apart from the real one, is honoured).
    await run('go', ['version'], { env: process.env });
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
  options.log?.(
    `building ${name} ${tool.version} with go ${tool.buildInModule ? 'build' : 'install'} (first run only)...`,
  );
  try {
    if (tool.buildInModule) await buildInModule(tool, staging);
    else
      await run('go', ['install', ...(tool.goFlags ?? []), `${tool.goPackage}@${tool.version}`], {
        env: { ...process.env, GOBIN: staging, GOFLAGS: process.env.GOFLAGS ?? '-mod=mod' },
        maxBuffer: 16 * 1024 * 1024,
      });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // What Go printed says why; a build that failed silently is at least named by its exit status.
    const output = (error as { stderr?: string }).stderr?.trim() || String(error);
    const how = tool.buildInModule ? 'go build' : 'go install';
    throw new ToolUnavailableError(`${how} ${tool.goPackage}@${tool.version} failed:\n${output.slice(-2000)}`);
  }
  if (!existsSync(folder)) renameSync(staging, folder);
  else rmSync(staging, { recursive: true, force: true });
  return target;
}

/**
 * Downloads the module that holds the command (verified against the checksum database like any dependency) and
 * builds the command in it, as its own main module. The module cache is read-only, hence -mod=readonly: the
 * module's own go.sum must already cover every dependency, as it does for a tagged release.
 */
async function buildInModule(tool: PinnedTool, staging: string): Promise<void> {
  const module = tool.buildInModule!;
  const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${tool.version}`], {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const { Dir: dir } = JSON.parse(stdout) as { Dir: string };
  const relative = tool.goPackage === module ? '.' : `.${tool.goPackage.slice(module.length)}`;
  await run('go', ['build', ...(tool.goFlags ?? []), '-o', join(staging, tool.binary), relative], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-mod=readonly' },
    maxBuffer: 16 * 1024 * 1024,
  });
}
