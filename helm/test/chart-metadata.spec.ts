import path from 'node:path';
import { APPLICATION_CHARTS, chartDir, LIBRARY_CHART, SERVICE_CHARTS } from '../tools/charts';
import { readYaml } from './support';

interface ChartYaml {
  apiVersion: string;
  name: string;
  type: string;
  version: string;
  appVersion?: string;
  annotations?: Record<string, string>;
  dependencies?: { name: string; version: string; repository: string }[];
}

const chartYaml = (chart: string): ChartYaml => readYaml(path.join(chartDir(chart), 'Chart.yaml')) as ChartYaml;
const SEMVER = /^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/;

describe('the library chart', () => {
  it('is a v2 library chart with a SemVer version', () => {
    const library = chartYaml(LIBRARY_CHART);
    expect(library).toMatchObject({ apiVersion: 'v2', name: 'common', type: 'library' });
    expect(library.version).toMatch(SEMVER);
  });
});

describe.each(APPLICATION_CHARTS)('%s Chart.yaml', (chart) => {
  const metadata = chartYaml(chart);

  it('is a v2 application chart named after its folder, with SemVer version and appVersion', () => {
    expect(metadata).toMatchObject({ apiVersion: 'v2', name: chart, type: 'application' });
    expect(metadata.version).toMatch(SEMVER);
    expect(metadata.appVersion).toMatch(SEMVER);
  });

  it('depends on the version of the library chart that exists, through file://../common', () => {
    expect(metadata.dependencies).toEqual([
      { name: 'common', version: chartYaml(LIBRARY_CHART).version, repository: 'file://../common' },
    ]);
  });
});

describe('secret keys each service expects', () => {
  const contract: Record<string, string[]> = {
    'product-service': ['MONGODB_URI', 'JWT_PUBLIC_KEY'],
    'user-service': ['MONGODB_URI', 'JWT_PUBLIC_KEY', 'JWT_PRIVATE_KEY', 'SERVICE_CLIENTS'],
    'cart-service': ['MONGODB_URI', 'JWT_PUBLIC_KEY', 'SERVICE_CLIENT_SECRET'],
    'order-service': [
      'MONGODB_URI',
      'JWT_PUBLIC_KEY',
      'SERVICE_CLIENT_SECRET',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
    ],
    'notification-service': ['MONGODB_URI', 'JWT_PUBLIC_KEY', 'SERVICE_CLIENT_SECRET', 'AMQP_URL'],
  };

  it.each(SERVICE_CHARTS)('%s names the runtime contract keys in its NOTES annotation', (chart) => {
    const annotation = chartYaml(chart).annotations?.['ecommerce/required-secret-keys'] ?? '';
    const required = annotation
      .replace(/\(.*\)/, '')
      .split(',')
      .map((key) => key.trim());
    expect(required).toEqual(contract[chart]);
    // notification-service keeps no rate-limit windows: nothing calls it.
    if (chart !== 'notification-service') expect(annotation).toContain('REDIS_URL optional');
  });

  it('tells order-service and notification-service where AMQP_URL goes', () => {
    expect(chartYaml('order-service').annotations?.['ecommerce/required-secret-keys']).toContain(
      'AMQP_URL: without it events wait in the outbox',
    );
    expect(chartYaml('notification-service').annotations?.['ecommerce/required-secret-keys']).toContain(
      'SMTP_URL with config.MAIL_TRANSPORT=smtp',
    );
  });

  it('names the optional bootstrap admin keys of user-service, which only work together', () => {
    const annotation = chartYaml('user-service').annotations?.['ecommerce/required-secret-keys'] ?? '';
    expect(annotation).toContain('ADMIN_EMAIL and ADMIN_PASSWORD optional, set together');
  });
});
