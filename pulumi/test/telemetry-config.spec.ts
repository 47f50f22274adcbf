import * as YAML from 'yaml';
import { parseStackSettings } from '../config/settings';
import { stackFileText, type StackName } from './helpers/stack-config';

function rawConfig(stack: StackName): Record<string, unknown> {
  const config = YAML.parse(stackFileText(stack)).config as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith('ecommerce:'))
      .map(([key, value]) => [key.slice('ecommerce:'.length), value]),
  );
}

describe('tracing and logging config', () => {
  it('reads the committed sampling and retention of each stack', () => {
    const staging = parseStackSettings('staging', 'eu-west-1', rawConfig('staging'));
    const prod = parseStackSettings('prod', 'eu-west-1', rawConfig('prod'));
    expect([staging.tracing, staging.logging]).toEqual([
      { samplingPercent: 100, keepSlowerThanMs: 1000 },
      { retentionDays: 14 },
    ]);
    expect([prod.tracing, prod.logging]).toEqual([
      { samplingPercent: 10, keepSlowerThanMs: 1000 },
      { retentionDays: 90 },
    ]);
  });

  it('refuses a sampling share outside 1-100 and a retention CloudWatch Logs does not offer', () => {
    const raw = {
      ...rawConfig('prod'),
      tracing: { samplingPercent: 0, keepSlowerThanMs: 1000 },
      logging: { retentionDays: 10 },
    };
    expect(() => parseStackSettings('prod', 'eu-west-1', raw)).toThrow(
      /tracing\.samplingPercent: expected an integer from 1 to 100/,
    );
    expect(() => parseStackSettings('prod', 'eu-west-1', raw)).toThrow(
      /logging\.retentionDays: CloudWatch Logs accepts only 1, 3, 5, 7, 14/,
    );
  });

  it('refuses a stack file without the tracing or logging settings', () => {
    const { tracing: _t, logging: _l, ...raw } = rawConfig('staging');
    expect(() => parseStackSettings('staging', 'eu-west-1', raw)).toThrow(
      /tracing: expected an object[\s\S]*logging: expected an object/,
    );
  });
});
