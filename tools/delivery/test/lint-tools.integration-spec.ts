import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureTool } from '../../toolchain/ensure-tool';

/**
 * The real linters on what CI and operators run: actionlint (pinned, tools/toolchain) on the workflows,
 * with shellcheck checking their run: scripts, and shellcheck (Debian package) on every shell script of
 * the repository. A missing shellcheck fails with the install command, never a skip.
 */
const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');

const SHELLCHECK_MISSING =
  'shellcheck is not installed: run `apt-get install -y shellcheck` (Debian/Ubuntu; .ci/run does this) or `brew install shellcheck`';

function shellcheckPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v shellcheck'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(SHELLCHECK_MISSING);
  }
}

/** Every tracked file that is a shell script: *.sh, or an executable text file with a sh/bash shebang. */
function shellScripts(): string[] {
  const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  return files.filter((file) => {
    if (file.endsWith('.sh')) return true;
    if (/\.(ts|js|mjs|cjs|json|md|ya?ml)$/.test(file)) return false;
    const head = readFileSync(path.join(ROOT, file), 'utf8').slice(0, 40);
    return /^#!\s*\/(usr\/)?bin\/(env\s+)?(ba)?sh\b/.test(head);
  });
}

async function output(binary: string, args: string[]): Promise<string> {
  try {
    await run(binary, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
    return `${stdout}${stderr}`.trim() || message;
  }
}

it('finds the shell scripts (the delivery, chart and CI scripts among them)', () => {
  expect(shellScripts()).toEqual(
    expect.arrayContaining([
      '.ci/run',
      'helm/vendor-common.sh',
      'helm/mongodb/scripts/restore.sh',
      'tools/delivery/rollback-stack.sh',
    ]),
  );
});

it('shellcheck finds nothing in any shell script', async () => {
  await expect(output(shellcheckPath(), ['--format=gcc', ...shellScripts()])).resolves.toBe('');
});

it('actionlint (with shellcheck on run: scripts) finds nothing in .github/workflows', async () => {
  const actionlint = await ensureTool('actionlint');
  const shellcheck = shellcheckPath();
  await expect(output(actionlint, ['-shellcheck', shellcheck, '-oneline'])).resolves.toBe('');
});
