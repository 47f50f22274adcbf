import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICE_NAMES } from '../config/services';
import { BACKUP_CRONJOB } from '../database/mongodb-values';
import { alertRuleGroups, grafanaDashboards } from '../observability/catalog';
import { REPO_ROOT } from './helpers/stack-config';

const BASE = 'https://github.com/example/shop/blob/main/docs/operations/runbooks';
const RUNBOOKS = path.join(REPO_ROOT, 'docs', 'operations', 'runbooks');
const rules = alertRuleGroups({
  thresholds: { errorRatio: 0.05, p99Seconds: 1, backupCronJob: BACKUP_CRONJOB },
  runbookBaseUrl: BASE,
}).flatMap((group) => group.rules);

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
    heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-'),
  );
}

describe('every alert links a runbook that exists', () => {
  it.each(rules.map((rule) => [rule.alert, rule.annotations.runbook_url]))('%s → %s', (_alert, url) => {
    expect(url?.startsWith(`${BASE}/`)).toBe(true);
    const [file, anchor] = url!.slice(BASE.length + 1).split('#');
    const runbook = path.join(RUNBOOKS, file);
    expect(existsSync(runbook)).toBe(true);
    if (anchor) expect(anchorsOf(readFileSync(runbook, 'utf8'))).toContain(anchor);
  });

  it('has no two alerts of the same name (Alertmanager groups by it)', () => {
    const names = rules.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('the dashboards installed', () => {
  it('are one per service, the shop’s, the gateway’s and the mesh’s, each with a unique uid and non-overlapping panels', () => {
    const dashboards = grafanaDashboards(SERVICE_NAMES);
    expect(Object.keys(dashboards)).toEqual([...SERVICE_NAMES, 'shop', 'gateway', 'mesh']);
    const uids = Object.values(dashboards).map((d) => d.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const dashboard of Object.values(dashboards)) {
      const cells = (dashboard.panels as { gridPos: { x: number; y: number } }[]).map(
        (p) => `${p.gridPos.x},${p.gridPos.y}`,
      );
      expect(new Set(cells).size).toBe(cells.length);
    }
  });
});
