import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  APPLICATION_CHARTS,
  chartDir,
  HELM_DIR,
  INTERNAL_SERVICE_CHARTS,
  LIBRARY_CHART,
  PUBLIC_SERVICE_CHARTS,
} from '../tools/charts';

/**
 * What the chart files must never hold, and that the four service charts stay thin wrappers of the library
 * chart. Everything a render shows (template errors, undefined helpers, the kinds and shapes of objects, the
 * helm test) is checked on real `helm template` output in charts.integration-spec.ts.
 */
const templateFiles = (chart: string) =>
  readdirSync(path.join(chartDir(chart), 'templates'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('_'))
    .map((entry) => {
      const full = path.join(entry.parentPath, entry.name);
      return { file: path.relative(chartDir(chart), full), source: readFileSync(full, 'utf8') };
    })
    .sort((a, b) => a.file.localeCompare(b.file));

describe('the service charts', () => {
  const listing = (chart: string) => templateFiles(chart).map(({ file, source }) => `${file}: ${source.trim()}`);

  it('render the same templates, all from the library chart', () => {
    for (const chart of PUBLIC_SERVICE_CHARTS) expect(listing(chart)).toEqual(listing('product-service'));
    expect(listing('product-service').every((line) => /\{\{ include "common\.[a-z.]+" \. \}\}$/.test(line))).toBe(true);
  });

  it.each(INTERNAL_SERVICE_CHARTS)('%s renders the same ones but the Ingress and the helm test pod', (chart) => {
    const publicOnly = ['templates/ingress.yaml', 'templates/tests/readiness-pod.yaml'];
    const expected = listing('product-service').filter(
      (line) => !publicOnly.some((file) => line.startsWith(`${file}:`)),
    );
    expect(listing(chart)).toEqual(expected);
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
      /^\s*(MONGODB_URI|JWT_PRIVATE_KEY|SERVICE_CLIENTS|SERVICE_CLIENT_SECRET|REDIS_URL|ADMIN_EMAIL|ADMIN_PASSWORD|STRIPE_SECRET_KEY|STRIPE_WEBHOOK_SECRET|AMQP_URL|SMTP_URL)\s*:/m,
    ],
    // Stripe's key formats (sk_/rk_ live or test, whsec_): a real-looking key is never committed in a chart.
    ['a Stripe API key or webhook signing secret', /\b((sk|rk)_(live|test)_|whsec_)[A-Za-z0-9]{8,}/],
    ['a Secret rendered by a chart', /^kind:\s*Secret\s*$/m],
    ['an image on the latest tag', /:latest\b|\btag:\s*['"]?latest\b/],
  ])('no file holds %s', (_what, pattern) => {
    expect(files.filter(({ text }) => pattern.test(text)).map(({ name }) => name)).toEqual([]);
  });
});
