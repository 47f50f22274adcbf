import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { APPLICATION_CHARTS, chartDir, HELM_DIR, LIBRARY_CHART, SERVICE_CHARTS } from '../tools/charts';
import {
  actionProblems,
  blockProblems,
  definesOf,
  includesOf,
  kindsOf,
  reachableSources,
  templateFiles,
  valueReadsOf,
} from '../tools/templates';
import { valueAt } from '../tools/values-file';
import { defaultValues } from './support';

/**
 * Checks of the chart templates that need no helm binary (CI's helm/check.sh renders them for real):
 * structure, helper names, the values they read, the kinds they render, and what they must never contain.
 */
const library = templateFiles(chartDir(LIBRARY_CHART));
const libraryHelpers = new Map(library.flatMap(({ source }) => [...definesOf(source)]));

/** Helpers visible to a chart: the library's plus its own _*.tpl files. */
const helpersOf = (chart: string): Map<string, string> =>
  new Map([...libraryHelpers, ...templateFiles(chartDir(chart)).flatMap(({ source }) => [...definesOf(source)])]);

/** The templates Helm renders (partials excluded); NOTES.txt is rendered too. */
const renderedTemplates = (chart: string) =>
  templateFiles(chartDir(chart)).filter(({ file }) => !path.basename(file).startsWith('_'));

const everyTemplate = [LIBRARY_CHART, ...APPLICATION_CHARTS].flatMap((chart) =>
  templateFiles(chartDir(chart)).map((template) => ({ name: `${chart}/${template.file}`, ...template })),
);

describe.each(everyTemplate)('$name', ({ source }) => {
  it('balances if/range/with/define with end, with else only inside them', () => {
    expect(blockProblems(source)).toEqual([]);
  });

  it('closes every string and parenthesis, and passes a context to every include', () => {
    expect(actionProblems(source)).toEqual([]);
  });
});

describe('the library chart', () => {
  it('holds only partials (_*.tpl), as a library chart must', () => {
    expect(library.map(({ file }) => path.basename(file)).filter((name) => !/^_.*\.tpl$/.test(name))).toEqual([]);
  });

  it('names every helper under the common. namespace', () => {
    expect([...libraryHelpers.keys()].filter((name) => !name.startsWith('common.'))).toEqual([]);
  });

  it('includes only helpers it defines', () => {
    const missing = library.flatMap(({ source }) => includesOf(source)).filter((name) => !libraryHelpers.has(name));
    expect(missing).toEqual([]);
  });
});

describe.each(APPLICATION_CHARTS)('%s templates', (chart) => {
  const helpers = helpersOf(chart);
  const templates = renderedTemplates(chart);

  it('include only helpers that are defined', () => {
    const missing = templates
      .flatMap(({ source }) => reachableSources(source, helpers))
      .flatMap(includesOf)
      .filter((name) => !helpers.has(name));
    expect(missing).toEqual([]);
  });

  it('read only values that values.yaml defines', () => {
    const values = defaultValues(chart);
    const undefinedReads = templates
      .flatMap(({ source }) => reachableSources(source, helpers))
      .flatMap(valueReadsOf)
      .filter((read) => !valueAt(values, read.split('.')).found);
    expect([...new Set(undefinedReads)]).toEqual([]);
  });

  it('render one kind per file, named after it', () => {
    const expectedName: Record<string, string> = {
      ConfigMap: 'configmap',
      CronJob: 'cronjob',
      Deployment: 'deployment',
      HorizontalPodAutoscaler: 'hpa',
      Ingress: 'ingress',
      Job: 'job',
      MongoDBCommunity: 'mongodbcommunity',
      NetworkPolicy: 'networkpolicy',
      Pod: 'pod',
      PodDisruptionBudget: 'pdb',
      ServiceAccount: 'serviceaccount',
      Service: 'service',
      ServiceMonitor: 'servicemonitor',
    };
    const mismatches = templates
      .filter(({ file }) => file.endsWith('.yaml'))
      .flatMap(({ file, source }) => {
        const kinds = [...new Set(reachableSources(source, helpers).flatMap(kindsOf))];
        const base = path.basename(file, '.yaml');
        const short = expectedName[kinds[0]];
        const named = kinds.length === 1 && short !== undefined && (base === short || base.endsWith(`-${short}`));
        return named ? [] : [`${file} renders ${kinds.join(', ') || 'nothing'}`];
      });
    expect(mismatches).toEqual([]);
  });

  it('have a helm test', () => {
    expect(
      templates.some(
        ({ file, source }) =>
          file.startsWith('templates/tests/') &&
          /helm\.sh\/hook: test/.test(reachableSources(source, helpers).join('\n')),
      ),
    ).toBe(true);
  });
});

describe('the four service charts', () => {
  it('render the same templates, all from the library chart', () => {
    const listing = (chart: string) => renderedTemplates(chart).map(({ file, source }) => `${file}: ${source.trim()}`);
    for (const chart of SERVICE_CHARTS) expect(listing(chart)).toEqual(listing('product-service'));
    expect(listing('product-service').every((line) => /\{\{ include "common\.[a-z.]+" \. \}\}$/.test(line))).toBe(true);
  });
});

describe('nothing secret or unpinned in the charts', () => {
  const chartFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'charts' ? [] : chartFiles(full);
      return /\.(ya?ml|tpl|txt|sh)$/.test(entry.name) ? [full] : [];
    });
  const files = [LIBRARY_CHART, ...APPLICATION_CHARTS, 'ci']
    .flatMap((dir) => chartFiles(path.join(HELM_DIR, dir)))
    .map((file) => ({ name: path.relative(HELM_DIR, file), text: readFileSync(file, 'utf8') }));

  it.each<[string, RegExp]>([
    ['a PEM key or certificate', /-----BEGIN [A-Z ]+-----/],
    ['an AWS access key id', /\bAKIA[0-9A-Z]{16}\b/],
    ['credentials inside a URL', /[a-z][a-z0-9+.-]*:\/\/[^\s/:@{}"'$]+:[^\s@{}"'$]+@/],
    ['a password, token or secret value in a values file', /^\s*(password|secret|token|apiKey|privateKey)\s*:\s*\S/im],
    [
      'a secret env var given a value',
      /^\s*(MONGODB_URI|JWT_PRIVATE_KEY|SERVICE_CLIENTS|SERVICE_CLIENT_SECRET|REDIS_URL|ADMIN_EMAIL|ADMIN_PASSWORD)\s*:/m,
    ],
    ['a Secret rendered by a chart', /^kind:\s*Secret\s*$/m],
    ['an image on the latest tag', /:latest\b|\btag:\s*['"]?latest\b/],
  ])('no file holds %s', (_what, pattern) => {
    expect(files.filter(({ text }) => pattern.test(text)).map(({ name }) => name)).toEqual([]);
  });
});
