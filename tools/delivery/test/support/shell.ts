import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from './repo';

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of tools/delivery with bash, like the workflows do. */
export function runDeliveryScript(
  script: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): ScriptResult {
  const result = spawnSync('bash', [repoPath('tools', 'delivery', script), ...args], {
    cwd: options.cwd,
    env: { ...process.env, GITHUB_OUTPUT: '', GITHUB_STEP_SUMMARY: '', ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A directory of fake commands (name -> bash body) to put first on PATH. */
export function fakeCommands(commands: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fake-bin-'));
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

export function git(cwd: string, ...args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

/** A bare "origin" with one commit on main holding the given files, and a clone of it to work in. */
export function repoWithOrigin(files: Record<string, string>): { root: string; origin: string; clone: string } {
  const root = mkdtempSync(join(tmpdir(), 'stack-config-'));
  const origin = join(root, 'origin.git');
  const seed = join(root, 'seed');
  mkdirSync(seed);
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', origin);
  git(seed, 'init', '--quiet', '--initial-branch=main');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(seed, name), content);
  git(seed, 'add', '.');
  git(seed, '-c', 'user.name=seed', '-c', 'user.email=seed@example.com', 'commit', '--quiet', '-m', 'seed');
  git(seed, 'push', '--quiet', origin, 'main');
  const clone = join(root, 'clone');
  git(root, 'clone', '--quiet', origin, clone);
  return { root, origin, clone };
}
