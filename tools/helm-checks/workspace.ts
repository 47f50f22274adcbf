import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The repository's helm/ folder. */
export const HELM_DIR = path.resolve(__dirname, '..', '..', 'helm');

/**
 * A scratch copy of helm/ with the library chart vendored by helm/vendor-common.sh, exactly as an operator
 * prepares a clone: renders never depend on (or write into) whatever charts/ or Chart.lock the working
 * tree holds. `prepare` may change the copy first (the broken-chart tests use it).
 */
export function chartWorkspace(prepare?: (dir: string) => void): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'helm-checks-'));
  cpSync(HELM_DIR, dir, {
    recursive: true,
    filter: (source) => !/[/\\]charts([/\\]|$)/.test(path.relative(HELM_DIR, source)) && !source.endsWith('Chart.lock'),
  });
  prepare?.(dir);
  execFileSync('bash', [path.join(dir, 'vendor-common.sh'), dir], { stdio: 'pipe' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
