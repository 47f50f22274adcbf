import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureTool, TOOLS_DIR } from '../toolchain/ensure-tool';
import { PINNED_TOOLS } from '../toolchain/tools';

const run = promisify(execFile);

/**
 * A working FerretDB binary. `go install` of FerretDB v1 builds a binary that panics at start: its version is
 * read from build/version/version.txt, a file the release's module zip does not contain. When the pinned tool
 * is such a binary, FerretDB is built once more from the same module source with that file written, into
 * `.tools/ferretdb@<version>-versioned/`.
 */
export async function ferretdbBinary(log: (line: string) => void = () => undefined): Promise<string> {
  const installed = await ensureTool('ferretdb', { log });
  if (await starts(installed)) return installed;
  const { version, goPackage } = PINNED_TOOLS.ferretdb;
  const folder = join(TOOLS_DIR, `ferretdb@${version}-versioned`);
  const target = join(folder, 'ferretdb');
  if (existsSync(target)) return target;
  log(`building ferretdb ${version} with its version file (first run only)...`);
  const module = goPackage.replace(/\/cmd\/ferretdb$/, '');
  const { stdout } = await run('go', ['mod', 'download', '-json', `${module}@${version}`]);
  const source = mkdtempSync(join(tmpdir(), 'ferretdb-src-'));
  try {
    cpSync((JSON.parse(stdout) as { Dir: string }).Dir, source, { recursive: true });
    // The module cache is read-only; the copy must take the version file (and go.sum updates).
    await run('chmod', ['-R', 'u+w', source]);
    writeFileSync(join(source, 'build', 'version', 'version.txt'), `${version}\n`);
    const staging = `${folder}.partial-${process.pid}`;
    await run('go', ['build', '-o', join(staging, 'ferretdb'), './cmd/ferretdb'], {
      cwd: source,
      env: { ...process.env, GOFLAGS: '-mod=mod' },
      maxBuffer: 16 * 1024 * 1024,
    });
    renameSync(staging, folder);
  } finally {
    rmSync(source, { recursive: true, force: true });
  }
  return target;
}

async function starts(binary: string): Promise<boolean> {
  try {
    await run(binary, ['--version']);
    return true;
  } catch {
    return false;
  }
}
