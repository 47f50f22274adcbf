import {
  ALL_METHODS,
  CACHEABLE_ERROR_CODES,
  CATALOG_PATH_PATTERNS,
  MANAGED_CACHE_POLICY_CACHING_DISABLED,
  MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER,
  ORIGIN_LOCK_ANNOTATIONS,
} from '../../components/cdn';
import { isPublicService, SERVICE_NAMES } from '../../config/services';
import { committedConfig } from './infrastructure-expectations';
import { ALB_HOSTNAME, CLOUDFRONT_HOSTED_ZONE_ID, CLOUDFRONT_PREFIX_LIST_ID, type Json } from './mocks';
import { ofType, outputValue, single, type ProgramRun } from './run-program';
import type { StackName } from './stack-config';
import { releaseValues } from './workload-expectations';

const DISTRIBUTION = 'aws:cloudfront/distribution:Distribution';
const RECORD = 'aws:route53/record:Record';

/** The cache key a CloudFront cache policy builds for a request (what two requests must differ in to not share). */
export function cacheKey(policy: Json, request: { path: string; query: string; headers: Record<string, string> }) {
  const keys = policy.parametersInCacheKeyAndForwardedToOrigin;
  const headerNames: string[] =
    keys.headersConfig.headerBehavior === 'whitelist' ? keys.headersConfig.headers.items : [];
  const headers = headerNames.map((name) => `${name.toLowerCase()}=${request.headers[name.toLowerCase()] ?? ''}`);
  const query = keys.queryStringsConfig.queryStringBehavior === 'all' ? request.query : '';
  return [request.path, query, ...headers].join('|');
}

/** Expectations of the CDN both committed stacks turn on (docs/decisions/0018-cdn-for-the-catalog.md). */
export function describeCdn(stack: StackName, run: () => ProgramRun): void {
  const config = committedConfig(stack);
  const domain: string = config['ecommerce:edge'].domain;
  const distribution = () => single(run(), DISTRIBUTION, 'cdn').inputs as Json;
  const catalogPolicy = () => single(run(), 'aws:cloudfront/cachePolicy:CachePolicy', 'cdn-catalog').inputs as Json;
  const behaviour = (pattern: string) =>
    (distribution().orderedCacheBehaviors as Json[]).find((b) => b.pathPattern === pattern);

  describe(`${stack}: CDN, what is cached`, () => {
    it('caches exactly the catalog paths, and there only GET and HEAD answers', () => {
      const ordered = distribution().orderedCacheBehaviors as Json[];
      expect(ordered.map((b) => b.pathPattern)).toEqual(['/api/v1/products', '/api/v1/products/*']);
      expect(ordered.map((b) => b.pathPattern)).toEqual([...CATALOG_PATH_PATTERNS]);
      for (const b of ordered) {
        expect(b.cachedMethods).toEqual(['GET', 'HEAD']);
        expect(b.cachePolicyId).toBe('cdn-catalog-id');
        // A path pattern cannot tell methods apart: the admin writes on the same paths must still pass.
        expect([...b.allowedMethods].sort()).toEqual([...ALL_METHODS].sort());
        expect(b.viewerProtocolPolicy).toBe('redirect-to-https');
        expect(b.compress).toBe(true);
      }
    });

    it('keys catalog answers on the path and every query string, without cookies', () => {
      const keys = catalogPolicy().parametersInCacheKeyAndForwardedToOrigin;
      expect(keys.queryStringsConfig).toEqual({ queryStringBehavior: 'all' });
      expect(keys.cookiesConfig).toEqual({ cookieBehavior: 'none' });
      expect(keys).toMatchObject({ enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true });
    });

    it('keeps an answer only as long as the origin’s Cache-Control says (never without one), at most 5 minutes', () => {
      expect(catalogPolicy()).toMatchObject({ minTtl: 0, defaultTtl: 0, maxTtl: 300 });
      expect(catalogPolicy().name).toBe(`ecommerce-${stack}-catalog`);
    });

    it('never serves a request with Authorization from an entry made for another caller or for nobody', () => {
      const policy = catalogPolicy();
      expect(policy.parametersInCacheKeyAndForwardedToOrigin.headersConfig).toEqual({
        headerBehavior: 'whitelist',
        headers: { items: ['Authorization', 'Origin'] },
      });
      const page = { path: '/api/v1/products', query: 'page=1&pageSize=20' };
      const anonymous = cacheKey(policy, { ...page, headers: {} });
      const alice = cacheKey(policy, { ...page, headers: { authorization: 'Bearer alice' } });
      const admin = cacheKey(policy, { ...page, headers: { authorization: 'Bearer admin' } });
      expect(new Set([anonymous, alice, admin]).size).toBe(3);
      // Anonymous shoppers do share, per page and per CORS origin.
      expect(cacheKey(policy, { ...page, headers: {} })).toBe(anonymous);
      expect(cacheKey(policy, { ...page, headers: { origin: 'https://shop.example.com' } })).not.toBe(anonymous);
      expect(cacheKey(policy, { ...page, query: 'page=2&pageSize=20', headers: {} })).not.toBe(anonymous);
    });

    it('keeps no error answer longer than the origin says', () => {
      expect(distribution().customErrorResponses).toEqual(
        CACHEABLE_ERROR_CODES.map((errorCode) => ({ errorCode, errorCachingMinTtl: 0 })),
      );
    });
  });

  describe(`${stack}: CDN, everything else passes through`, () => {
    it('caches nothing by default and forwards every method, header, cookie and query string', () => {
      const d = distribution().defaultCacheBehavior;
      expect(d.cachePolicyId).toBe(MANAGED_CACHE_POLICY_CACHING_DISABLED);
      expect(d.originRequestPolicyId).toBe(MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER);
      expect([...d.allowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(d.viewerProtocolPolicy).toBe('redirect-to-https');
      expect(d.compress).toBe(false);
      expect(d.targetOriginId).toBe('alb');
    });

    it('forwards every viewer header on the catalog paths too (Host for the ALB, the admin writes’ own)', () => {
      for (const pattern of CATALOG_PATH_PATTERNS) {
        expect(behaviour(pattern).originRequestPolicyId).toBe(MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER);
      }
    });

    it('reaches the ALB the Ingress status names, over HTTPS only, TLS 1.2', () => {
      expect(distribution().origins).toEqual([
        expect.objectContaining({
          originId: 'alb',
          domainName: ALB_HOSTNAME,
          customOriginConfig: expect.objectContaining({
            originProtocolPolicy: 'https-only',
            originSslProtocols: ['TLSv1.2'],
            httpsPort: 443,
          }),
        }),
      ]);
      const read = single(run(), 'kubernetes:networking.k8s.io/v1:Ingress', 'cdn-alb');
      // The edge gateway's Ingress: the services have none of their own any more.
      expect(read.readId).toBe('ecommerce/edge-gateway');
      expect(read.provider).toMatch(/pulumi:providers:kubernetes::cluster::/);
    });
  });

  describe(`${stack}: CDN, the viewer side`, () => {
    it('answers for the API domain with TLS 1.2+ over HTTP/2 and HTTP/3, IPv6 too, in the configured price class', () => {
      expect(distribution()).toMatchObject({
        enabled: true,
        aliases: [domain],
        priceClass: config['ecommerce:cdn'].priceClass,
        httpVersion: 'http2and3',
        isIpv6Enabled: true,
      });
      expect(distribution().viewerCertificate).toEqual({
        acmCertificateArn: expect.stringContaining(':certificate/edge-cloudfront-'),
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
      });
    });

    it('takes its certificate from ACM in us-east-1, validated by the domain’s existing record', () => {
      const certificate = single(run(), 'aws:acm/certificate:Certificate', 'edge-cloudfront');
      expect(certificate.inputs).toMatchObject({ domainName: domain, validationMethod: 'DNS' });
      expect(certificate.provider).toMatch(/^urn:.*pulumi:providers:aws::edge-us-east-1::/);
      const provider = single(run(), 'pulumi:providers:aws', 'edge-us-east-1').inputs as Json;
      expect(provider.region).toBe('us-east-1');
      // Tagged like the rest of the stack, so its costs land in the stack's budget.
      expect(JSON.parse(provider.defaultTags).tags).toMatchObject({ Stack: stack });
      const validation = single(run(), 'aws:acm/certificateValidation:CertificateValidation', 'edge-cloudfront');
      expect(validation.provider).toBe(certificate.provider);
      expect(validation.inputs.validationRecordFqdns).toEqual([`_token.${domain}`]);
      const validationRecords = ofType(run(), RECORD).filter(
        (r) => r.inputs.type === 'CNAME' && String(r.inputs.name).includes(domain),
      );
      expect(validationRecords.map((r) => r.name)).toEqual(['edge-validation']);
    });

    it('points the API name (A and AAAA) at the distribution', () => {
      for (const [name, type] of [
        ['cdn-api', 'A'],
        ['cdn-api-ipv6', 'AAAA'],
      ]) {
        expect(single(run(), RECORD, name).inputs).toEqual(
          expect.objectContaining({
            zoneId: config['ecommerce:edge'].hostedZoneId,
            name: domain,
            type,
            aliases: [
              { name: 'd111111abcdef8.cloudfront.net', zoneId: CLOUDFRONT_HOSTED_ZONE_ID, evaluateTargetHealth: false },
            ],
          }),
        );
      }
    });

    it('publishes the distribution id and the cache-hit metrics', async () => {
      expect(await outputValue(run().outputs.cdnDistributionId)).toBe('cdn-id');
      expect(single(run(), 'aws:cloudfront/monitoringSubscription:MonitoringSubscription', 'cdn').inputs).toMatchObject(
        {
          distributionId: 'cdn-id',
          monitoringSubscription: {
            realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' },
          },
        },
      );
    });
  });

  describe(`${stack}: CDN, the origin takes only CloudFront`, () => {
    it('gives the ALB a security group open on 443 to CloudFront’s origin-facing addresses only', () => {
      const rules = ofType(run(), 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule').filter(
        (r) => r.inputs.securityGroupId === 'cdn-origin-id',
      );
      expect(rules.map((r) => r.inputs)).toEqual([
        expect.objectContaining({
          prefixListId: CLOUDFRONT_PREFIX_LIST_ID,
          ipProtocol: 'tcp',
          fromPort: 443,
          toPort: 443,
        }),
      ]);
      expect(rules[0].inputs).not.toHaveProperty('cidrIpv4');
      expect(single(run(), 'aws:ec2/securityGroup:SecurityGroup', 'cdn-origin').inputs.vpcId).toBe('network-id');
    });

    it('makes it the ALB’s only frontend group through the Ingress, after the name points at CloudFront', () => {
      const lock = single(run(), 'kubernetes:networking.k8s.io/v1:IngressPatch', 'cdn-origin-lock');
      expect((lock.inputs as Json).metadata).toEqual({
        name: 'edge-gateway',
        namespace: 'ecommerce',
        annotations: {
          [ORIGIN_LOCK_ANNOTATIONS.securityGroups]: 'cdn-origin-id',
          [ORIGIN_LOCK_ANNOTATIONS.manageBackendRules]: 'true',
          [ORIGIN_LOCK_ANNOTATIONS.front]: 'cloudfront',
        },
      });
      expect(lock.dependencies).toEqual(expect.arrayContaining(['cdn-api', 'cdn-api-ipv6']));
      expect(lock.provider).toMatch(/pulumi:providers:kubernetes::cluster::/);
    });

    it('has the gateway count CloudFront as a second hop, and the public services a third (the gateway)', () => {
      const gateway = releaseValues(single(run(), 'kubernetes:helm.sh/v3:Release', 'gateway-edge'));
      expect(gateway.clientIp).toEqual({ trustedHops: 2 });
      for (const service of SERVICE_NAMES) {
        const values = releaseValues(single(run(), 'kubernetes:helm.sh/v3:Release', `services-${service}`));
        expect(values.config.TRUST_PROXY).toBe(isPublicService(service) ? 3 : 0);
      }
    });
  });

  describe(`${stack}: CDN, cost`, () => {
    it('has a CloudFront budget of its own, for this stack, with the same alerts', () => {
      const budget = single(run(), 'aws:budgets/budget:Budget', 'cost-cdn').inputs as Json;
      expect(budget).toMatchObject({
        name: `ecommerce-${stack}-cdn-monthly`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        limitAmount: config['ecommerce:cdn'].monthlyLimitUsd.toFixed(2),
      });
      expect(budget.costFilters).toEqual([
        { name: 'Service', values: ['Amazon CloudFront'] },
        { name: 'TagKeyValue', values: [`user:Stack$${stack}`] },
      ]);
      expect(budget.notifications.map((n: Json) => [n.notificationType, n.threshold])).toEqual([
        ['ACTUAL', 80],
        ['FORECASTED', 100],
      ]);
    });

    it('creates the distribution with the stack’s default provider, so it carries the Stack tag the budgets count', () => {
      // No explicit provider: the stack's default one, which applies aws:defaultTags (Stack=<stack>).
      expect(single(run(), DISTRIBUTION, 'cdn').provider ?? '').toBe('');
      expect(committedConfig(stack)['aws:defaultTags'].tags.Stack).toBe(stack);
    });
  });
}
