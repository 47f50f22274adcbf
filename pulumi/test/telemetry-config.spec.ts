import { parseStackSettings } from '../config/settings';
import { stackEcommerceConfig } from './helpers/stack-config';

describe('tracing and logging config', () => {
  it('reads the committed sampling and retention of each stack', () => {
    const staging = parseStackSettings('staging', 'eu-west-1', stackEcommerceConfig('staging'));
    const prod = parseStackSettings('prod', 'eu-west-1', stackEcommerceConfig('prod'));
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
      ...stackEcommerceConfig('prod'),
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
    const { tracing: _t, logging: _l, ...raw } = stackEcommerceConfig('staging');
    expect(() => parseStackSettings('staging', 'eu-west-1', raw)).toThrow(
      /tracing: expected an object[\s\S]*logging: expected an object/,
    );
  });
});
