import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { helmFile } from './support';

/** The scripts CI and operators run must at least parse; the in-pod scripts must be plain POSIX sh. */
const bashScripts = ['check.sh', 'vendor-common.sh', 'mongodb/scripts/restore.sh'].map((file) => helmFile(file));
const podScripts = readdirSync(helmFile('mongodb', 'files')).map((file) => helmFile('mongodb', 'files', file));

describe('shell scripts parse', () => {
  it.each(bashScripts)('bash -n %s', (file) => {
    expect(() => execFileSync('bash', ['-n', file], { stdio: 'pipe' })).not.toThrow();
  });

  it.each(podScripts)('sh -n %s', (file) => {
    expect(() => execFileSync('sh', ['-n', file], { stdio: 'pipe' })).not.toThrow();
  });
});
