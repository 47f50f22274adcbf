import * as aws from '@pulumi/aws';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { CdnSettings } from '../config/settings';

/** The anonymous catalog reads of product-service: the only paths CloudFront may keep. */
export const CATALOG_PATH_PATTERNS = ['/api/v1/products', '/api/v1/products/*'] as const;
/**
 * Path patterns cannot tell methods apart, so the catalog paths take every method (the admin writes on them pass
 * through, never cached); only GET and HEAD answers are cached.
 */
export const ALL_METHODS = ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE'];
export const CACHED_METHODS = ['GET', 'HEAD'];
/**
 * Request headers in the catalog cache key. `Authorization`: a token-bearing request never shares an entry with
 * anyone else's (and the origin answers it `private, no-store`, so it is not kept at all); it is also the only way
 * CloudFront forwards that header on a cached behaviour. `Origin`: the CORS headers of an answer depend on it.
 */
export const CATALOG_CACHE_KEY_HEADERS = ['Authorization', 'Origin'];
/** Longest CloudFront keeps a catalog answer, whatever max-age the origin sends (it sends 30 s). */
export const CATALOG_MAX_TTL_SECONDS = 300;
/** AWS managed policies; their ids are the same in every account. */
export const MANAGED_CACHE_POLICY_CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
/** Every viewer header (Host included, which the ALB's rules and its certificate check need), cookie and query string. */
export const MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER = '216adef6-5c7f-47e4-b989-5492eafa07d3';
/** The addresses CloudFront connects to origins from (an AWS managed prefix list). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = 'com.amazonaws.global.cloudfront.origin-facing';
/** The error codes CloudFront would otherwise keep for 10 s even when the origin says `no-store`. */
export const CACHEABLE_ERROR_CODES = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504];
/** Annotations on the Ingress that make the shared ALB take only the CDN's security group. */
export const ORIGIN_LOCK_ANNOTATIONS = {
  securityGroups: 'alb.ingress.kubernetes.io/security-groups',
  manageBackendRules: 'alb.ingress.kubernetes.io/manage-backend-security-group-rules',
  /** Ours, for people reading the Ingress: what the API name points at. */
  front: 'ecommerce/api-front',
} as const;
const ORIGIN_ID = 'alb';
const HTTPS_PORT = 443;

export interface CdnArgs {
  stack: string;
  /** The API's host name; its A (and with the CDN AAAA) records are written here. */
  domain: string;
  /** Route 53 zone of the domain. */
  hostedZoneId: string;
  /**
   * `<namespace>/<name>` of one Ingress of the shared ALB's group, known once its release is deployed: its status
   * names the ALB, and it carries the group-wide origin lock.
   */
  ingress: pulumi.Input<string>;
  /** Provider of the cluster the Ingress is in. */
  provider: k8s.Provider;
  /** The CDN; undefined: none, and the API name points straight at the ALB. */
  distribution?: {
    priceClass: CdnSettings['priceClass'];
    /** us-east-1 certificate for the domain (Edge). */
    certificateArn: pulumi.Input<string>;
    /** VPC of the ALB, and its range (the ALB's own security group lets it reach the pods in it). */
    vpcId: pulumi.Input<string>;
    vpcCidr: string;
  };
}

/**
 * Where the API's name points. With the CDN: a CloudFront distribution in front of the shared ALB that caches
 * the anonymous catalog reads as long as their Cache-Control allows and passes every other request through
 * unchanged and uncached; the name's A/AAAA records point at it, and then (not before) the ALB is locked to
 * CloudFront's origin-facing addresses. Without it: the lock comes off first, then the A record points at the ALB.
 * docs/decisions/0018-cdn-for-the-catalog.md.
 */
export class Cdn extends pulumi.ComponentResource {
  /** The ALB's DNS name, from the Ingress status. */
  public readonly originDomain: pulumi.Output<string>;
  /** For invalidations and metrics (`aws cloudfront ...`); undefined without the CDN. */
  public readonly distributionId?: pulumi.Output<string>;

  constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
    super('ecommerce:cdn:Cdn', name, {}, opts);
    const parent = { parent: this };
    const k8sOpts = { parent: this, provider: args.provider };

    const ingress = k8s.networking.v1.Ingress.get(`${name}-alb`, args.ingress, k8sOpts);
    this.originDomain = ingress.status.apply(loadBalancerHostname);

    const cdn = args.distribution;
    const distribution = cdn
      ? this.distribution(name, args.stack, args.domain, this.originDomain, cdn.priceClass, cdn.certificateArn)
      : undefined;
    const lockGroup = cdn ? this.originSecurityGroup(name, args.stack, cdn.vpcId, cdn.vpcCidr) : undefined;

    const target = distribution
      ? { name: distribution.domainName, zoneId: distribution.hostedZoneId }
      : {
          name: this.originDomain,
          zoneId: aws.lb.getHostedZoneIdOutput({ loadBalancerType: 'application' }, parent).id,
        };
    const [namespace, ingressName] = [0, 1].map((part) =>
      pulumi.output(args.ingress).apply((id) => id.split('/')[part]),
    );
    const lockArgs = {
      metadata: {
        name: ingressName,
        namespace,
        annotations: {
          [ORIGIN_LOCK_ANNOTATIONS.front]: distribution ? 'cloudfront' : 'alb',
          ...(lockGroup
            ? {
                [ORIGIN_LOCK_ANNOTATIONS.securityGroups]: lockGroup.id,
                [ORIGIN_LOCK_ANNOTATIONS.manageBackendRules]: 'true',
              }
            : {}),
        },
      },
    };
    const record = (suffix: string, type: 'A' | 'AAAA', dependsOn: pulumi.Resource[]) =>
      new aws.route53.Record(
        `${name}-${suffix}`,
        {
          zoneId: args.hostedZoneId,
          name: args.domain,
          type,
          aliases: [{ ...target, evaluateTargetHealth: false }],
          // Takes over the record bootstrap once had people create by hand.
          allowOverwrite: true,
        },
        { parent: this, dependsOn },
      );

    if (distribution) {
      // Name first, lock second: the ALB refuses everyone else only once the name leads to CloudFront.
      const records = [record('api', 'A', []), record('api-ipv6', 'AAAA', [])];
      new k8s.networking.v1.IngressPatch(`${name}-origin-lock`, lockArgs, { ...k8sOpts, dependsOn: records });
    } else {
      // Unlock first, name second: the ALB takes everyone again before the name leads to it.
      const unlock = new k8s.networking.v1.IngressPatch(`${name}-origin-lock`, lockArgs, k8sOpts);
      record('api', 'A', [unlock]);
    }
    this.distributionId = distribution?.id;
    this.registerOutputs({ originDomain: this.originDomain, distributionId: this.distributionId });
  }

  private distribution(
    name: string,
    stack: string,
    domain: string,
    originDomain: pulumi.Input<string>,
    priceClass: CdnSettings['priceClass'],
    certificateArn: pulumi.Input<string>,
  ): aws.cloudfront.Distribution {
    const parent = { parent: this };
    // Keyed on path, every query string, Authorization and Origin; no cookies. TTLs 0/0/cap: an answer is kept
    // only as long as its own Cache-Control says, and not at all without one.
    const catalog = new aws.cloudfront.CachePolicy(
      `${name}-catalog`,
      {
        name: `ecommerce-${stack}-catalog`,
        comment: 'Anonymous catalog reads, for their Cache-Control max-age; token holders never share an entry',
        minTtl: 0,
        defaultTtl: 0,
        maxTtl: CATALOG_MAX_TTL_SECONDS,
        parametersInCacheKeyAndForwardedToOrigin: {
          cookiesConfig: { cookieBehavior: 'none' },
          headersConfig: { headerBehavior: 'whitelist', headers: { items: CATALOG_CACHE_KEY_HEADERS } },
          queryStringsConfig: { queryStringBehavior: 'all' },
          enableAcceptEncodingGzip: true,
          enableAcceptEncodingBrotli: true,
        },
      },
      parent,
    );
    const passThrough = {
      targetOriginId: ORIGIN_ID,
      viewerProtocolPolicy: 'redirect-to-https',
      allowedMethods: ALL_METHODS,
      cachedMethods: CACHED_METHODS,
      originRequestPolicyId: MANAGED_ORIGIN_REQUEST_POLICY_ALL_VIEWER,
    };
    const distribution = new aws.cloudfront.Distribution(
      name,
      {
        enabled: true,
        comment: `ecommerce-${stack}: ${domain}`,
        aliases: [domain],
        priceClass,
        httpVersion: 'http2and3',
        isIpv6Enabled: true,
        origins: [
          {
            originId: ORIGIN_ID,
            domainName: originDomain,
            customOriginConfig: {
              httpPort: 80,
              httpsPort: HTTPS_PORT,
              // The ALB's certificate is the API domain's; CloudFront checks it against the Host it forwards.
              originProtocolPolicy: 'https-only',
              originSslProtocols: ['TLSv1.2'],
              originReadTimeout: 30,
              // Below the ALB's 60 s idle timeout, so CloudFront never reuses a connection the ALB is closing.
              originKeepaliveTimeout: 30,
            },
          },
        ],
        defaultCacheBehavior: { ...passThrough, cachePolicyId: MANAGED_CACHE_POLICY_CACHING_DISABLED, compress: false },
        orderedCacheBehaviors: CATALOG_PATH_PATTERNS.map((pathPattern) => ({
          ...passThrough,
          pathPattern,
          cachePolicyId: catalog.id,
          compress: true,
        })),
        customErrorResponses: CACHEABLE_ERROR_CODES.map((errorCode) => ({ errorCode, errorCachingMinTtl: 0 })),
        restrictions: { geoRestriction: { restrictionType: 'none' } },
        viewerCertificate: {
          acmCertificateArn: certificateArn,
          sslSupportMethod: 'sni-only',
          minimumProtocolVersion: 'TLSv1.2_2021',
        },
      },
      parent,
    );
    // CacheHitRate, OriginLatency and error rates per code in CloudWatch (us-east-1), beside the default metrics.
    new aws.cloudfront.MonitoringSubscription(
      name,
      {
        distributionId: distribution.id,
        monitoringSubscription: { realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' } },
      },
      parent,
    );
    return distribution;
  }

  /** The ALB's only frontend security group: HTTPS from CloudFront's origin-facing addresses, out to the VPC. */
  private originSecurityGroup(
    name: string,
    stack: string,
    vpcId: pulumi.Input<string>,
    vpcCidr: string,
  ): aws.ec2.SecurityGroup {
    const parent = { parent: this };
    const group = new aws.ec2.SecurityGroup(
      `${name}-origin`,
      {
        vpcId,
        description: `Shared ALB of ecommerce-${stack}: HTTPS from CloudFront only`,
        tags: { Name: `${name}-origin-${stack}` },
      },
      parent,
    );
    const originFacing = aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, parent);
    // The prefix list weighs about 55 of a security group's 60 rules: one port only, and nothing else added here.
    new aws.vpc.SecurityGroupIngressRule(
      `${name}-origin-from-cloudfront`,
      {
        securityGroupId: group.id,
        description: 'CloudFront origin-facing addresses',
        prefixListId: originFacing.id,
        ipProtocol: 'tcp',
        fromPort: HTTPS_PORT,
        toPort: HTTPS_PORT,
      },
      parent,
    );
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-origin-to-vpc`,
      {
        securityGroupId: group.id,
        description: 'The pods the ALB forwards to',
        cidrIpv4: vpcCidr,
        ipProtocol: 'tcp',
        fromPort: 0,
        toPort: 65535,
      },
      parent,
    );
    return group;
  }
}

/** The ALB's DNS name the Load Balancer Controller wrote into the Ingress status. */
export function loadBalancerHostname(status: { loadBalancer?: { ingress?: { hostname?: string }[] } } | undefined) {
  const hostname = status?.loadBalancer?.ingress?.[0]?.hostname;
  if (!hostname) {
    throw new Error(
      'The Ingress has no load balancer yet (the AWS Load Balancer Controller has not created the ALB): ' +
        'check `kubectl -n ecommerce describe ingress`, then run `pulumi up` again.',
    );
  }
  return hostname;
}
