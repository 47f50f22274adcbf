import { ORIGIN_LOCK_ANNOTATIONS } from '../components/cdn';
import { isPublicService, SERVICE_NAMES } from '../config/services';
import { parseStackSettings } from '../config/settings';
import { committedConfig } from './helpers/infrastructure-expectations';
import { ALB_HOSTED_ZONE_ID, ALB_HOSTNAME, type Json } from './helpers/mocks';
import { ofType, outputValue, single, type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';
import { releaseValues } from './helpers/workload-expectations';

// Staging with `pulumi config set --path cdn.enabled false`: the way back (docs/operations/deploy.md).
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'), (config) => {
    config['ecommerce:cdn'] = { enabled: false };
  });
});

const domain: string = committedConfig('staging')['ecommerce:edge'].domain;

describe('the CDN switched off', () => {
  it('creates no distribution, cache policy, us-east-1 certificate, origin security group or CloudFront budget', () => {
    for (const type of [
      'aws:cloudfront/distribution:Distribution',
      'aws:cloudfront/cachePolicy:CachePolicy',
      'aws:cloudfront/monitoringSubscription:MonitoringSubscription',
    ]) {
      expect(ofType(run, type)).toEqual([]);
    }
    const names = run.resources.map((r) => r.name);
    for (const absent of ['edge-cloudfront', 'edge-us-east-1', 'cdn-origin', 'cost-cdn'])
      expect(names).not.toContain(absent);
  });

  it('points the API name at the ALB (A only: the ALB has no IPv6), under the same record as with the CDN', async () => {
    const records = ofType(run, 'aws:route53/record:Record').filter((r) => r.inputs.name === domain);
    expect(records.map((r) => [r.name, r.inputs.type])).toEqual([['cdn-api', 'A']]);
    expect((records[0].inputs as Json).aliases).toEqual([
      { name: ALB_HOSTNAME, zoneId: ALB_HOSTED_ZONE_ID, evaluateTargetHealth: false },
    ]);
    expect(await outputValue(run.outputs.cdnDistributionId)).toBeUndefined();
  });

  it('takes the lock off the ALB before the name leads to it', () => {
    const lock = single(run, 'kubernetes:networking.k8s.io/v1:IngressPatch', 'cdn-origin-lock');
    expect((lock.inputs as Json).metadata.annotations).toEqual({ [ORIGIN_LOCK_ANNOTATIONS.front]: 'alb' });
    expect(single(run, 'aws:route53/record:Record', 'cdn-api').dependencies).toContain('cdn-origin-lock');
  });

  it('has the gateway trust one proxy hop again, the ALB, and the public services two (the ALB, the gateway)', () => {
    expect(releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', 'gateway-edge')).clientIp).toEqual({
      trustedHops: 1,
    });
    for (const service of SERVICE_NAMES) {
      const values = releaseValues(single(run, 'kubernetes:helm.sh/v3:Release', `services-${service}`));
      expect(values.config.TRUST_PROXY).toBe(isPublicService(service) ? 2 : 0);
    }
  });
});

describe('ecommerce:cdn validation', () => {
  const settings = (cdn: unknown) => {
    const raw = Object.fromEntries(
      Object.entries(committedConfig('staging'))
        .filter(([key]) => key.startsWith('ecommerce:'))
        .map(([key, value]) => [key.slice('ecommerce:'.length), value]),
    );
    if (cdn === undefined) delete raw.cdn;
    else raw.cdn = cdn;
    return () => parseStackSettings('staging', 'eu-west-1', raw).cdn;
  };

  it('turns the CDN on in both committed stacks, for North America and Europe, with a CloudFront budget', () => {
    for (const stack of ['staging', 'prod'] as const) {
      const cdn = committedConfig(stack)['ecommerce:cdn'];
      expect(cdn).toMatchObject({ enabled: true, priceClass: 'PriceClass_100' });
      expect(cdn.monthlyLimitUsd).toBeGreaterThan(0);
    }
  });

  it('reads a missing cdn key as off', () => {
    expect(settings(undefined)()).toEqual({ enabled: false, priceClass: 'PriceClass_100' });
  });

  it('refuses an unknown price class and a CDN without its budget', () => {
    expect(settings({ enabled: true, priceClass: 'PriceClass_300', monthlyLimitUsd: 10 })).toThrow(
      /cdn.priceClass: expected one of PriceClass_100, PriceClass_200, PriceClass_All/,
    );
    expect(settings({ enabled: true, priceClass: 'PriceClass_100' })).toThrow(/cdn.monthlyLimitUsd/);
    expect(settings({ enabled: 'yes' })).toThrow(/cdn.enabled: expected true or false/);
  });
});
