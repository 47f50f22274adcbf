import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readValues } from '../tools/values-file';
import { APPLICATION_CHARTS, HELM_DIR } from '../tools/charts';

/**
 * vendor-common.sh leaves exactly one copy of the library chart in each chart, named as `helm dependency
 * update` (run by the Pulumi releases) names it, whatever copies were there before: with a folder and an
 * archive side by side Helm loads whichever it reads first.
 */
let copy: string;
const version = String(readValues(path.join(HELM_DIR, 'common', 'Chart.yaml')).version);

beforeAll(() => {
  copy = mkdtempSync(path.join(tmpdir(), 'helm-vendor-'));
  cpSync(HELM_DIR, copy, { recursive: true, filter: (source) => !source.includes(`${path.sep}charts${path.sep}`) });
  for (const chart of APPLICATION_CHARTS) {
    // What a clone may hold from earlier runs: an old folder copy and an archive of an older version.
    mkdirSync(path.join(copy, chart, 'charts', 'common'), { recursive: true });
    writeFileSync(path.join(copy, chart, 'charts', 'common-0.0.1.tgz'), 'stale');
  }
  execFileSync('bash', [path.join(copy, 'vendor-common.sh'), copy], { stdio: 'pipe' });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

it.each(APPLICATION_CHARTS)('leaves only charts/common-<version>.tgz in %s', (chart) => {
  expect(readdirSync(path.join(copy, chart, 'charts'))).toEqual([`common-${version}.tgz`]);
  const listing = execFileSync('tar', ['-tzf', path.join(copy, chart, 'charts', `common-${version}.tgz`)], {
    encoding: 'utf8',
  });
  expect(listing.split('\n')).toEqual(
    expect.arrayContaining(['common/Chart.yaml', 'common/templates/_deployment.tpl']),
  );
});

it('leaves the library chart itself alone', () => {
  expect(readdirSync(path.join(copy, 'common')).sort()).toEqual(readdirSync(path.join(HELM_DIR, 'common')).sort());
});
