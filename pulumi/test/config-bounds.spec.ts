import * as YAML from 'yaml';
import { parseStackSettings } from '../config/settings';
import { effectiveValues } from './helpers/helm-values';
import { valuesSchemaErrors } from '../../helm/tools/values-schema';
import { stackFileText, type StackName } from './helpers/stack-config';
import { serviceValues } from '../services/service-values';
import { fixtureImages } from './helpers/stack-config';

/**
 * Stack config is refused by `pulumi preview` exactly where the charts would refuse the values it becomes:
 * a value the program accepts but the chart schema rejects fails only at `pulumi up`, half-way through the
 * releases. Each case edits one workload setting of the committed staging config.
 */
function raw(stack: StackName, edit: (config: Record<string, Record<string, unknown>>) => void) {
  const config = YAML.parse(stackFileText(stack)).config as Record<string, unknown>;
  const plain = Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith('ecommerce:'))
      .map(([key, value]) => [key.slice('ecommerce:'.length), value]),
  ) as Record<string, Record<string, unknown>>;
  edit(plain);
  return plain;
}

const programAccepts = (edit: (c: Record<string, Record<string, unknown>>) => void): boolean => {
  try {
    parseStackSettings('staging', 'eu-west-1', raw('staging', edit));
    return true;
  } catch {
    return false;
  }
};

/** Whether the product-service chart accepts the values the program derives from the committed workload, edited. */
function chartAccepts(workload: Record<string, unknown>): boolean {
  const base = parseStackSettings(
    'staging',
    'eu-west-1',
    raw('staging', () => undefined),
  );
  const values = serviceValues({
    service: 'product-service',
    image: fixtureImages('staging')['product-service'],
    workload: { ...base.workload, ...workload } as typeof base.workload,
    jwt: base.jwt,
    secretName: 'product-service-env',
    proxyHops: 2,
    meshEnabled: base.mesh.enabled,
    secretChecksum: 'x',
    extraEgress: [],
  });
  return valuesSchemaErrors('product-service', effectiveValues('product-service', 'staging', values)).length === 0;
}

const workloadOf = (c: Record<string, Record<string, unknown>>) =>
  c.workload as Record<string, Record<string, unknown>>;

describe.each([
  ['requests.cpu', ['250m', '0.5', '1', '1.25'], ['1Gi', '250Mi', '0.5m', '-1', '1.2345']],
  ['requests.memory', ['256Mi', '1Gi', '512M', '1.5Gi'], ['256mi', '1 Gi', 'lots', '1GiB']],
  ['limits.memory', ['512Mi', '2Gi'], ['512MB', 'unbounded']],
])('workload.%s', (key, good, bad) => {
  const [group, field] = key.split('.');
  const edit = (value: string) => (c: Record<string, Record<string, unknown>>) => {
    workloadOf(c)[group] = { ...workloadOf(c)[group], [field]: value };
  };
  const asWorkload = (value: string) => ({
    [group]: {
      ...({ requests: { cpu: '50m', memory: '160Mi' }, limits: { memory: '320Mi' } } as Record<string, object>)[group],
      [field]: value,
    },
  });

  it.each([...good, ...bad])('is accepted by the program exactly when the chart accepts %s', (value) => {
    expect(programAccepts(edit(value))).toBe(chartAccepts(asWorkload(value)));
    expect(programAccepts(edit(value))).toBe(good.includes(value));
  });
});

it.each([
  [50, true],
  [51, false],
  [100, false],
])('workload.maxReplicas %i is accepted by the program exactly when the chart accepts it', (maxReplicas, ok) => {
  expect(programAccepts((c) => (c.workload.maxReplicas = maxReplicas))).toBe(ok);
  expect(chartAccepts({ maxReplicas })).toBe(ok);
});

it.each(['203.0.113.0/24', '198.51.100.7/32', '192.0.2.0/24'])(
  'refuses the documentation range %s as an operator range for the API endpoint, saying why',
  (cidr) => {
    expect(() =>
      parseStackSettings(
        'staging',
        'eu-west-1',
        raw('staging', (c) => (c.cluster.publicAccessCidrs = [cidr])),
      ),
    ).toThrow(/documentation range/);
  },
);

it('accepts a real operator range, and none at all (public endpoint off)', () => {
  expect(programAccepts((c) => (c.cluster.publicAccessCidrs = ['81.2.69.0/24']))).toBe(true);
  expect(programAccepts((c) => (c.cluster.publicAccessCidrs = []))).toBe(true);
});
