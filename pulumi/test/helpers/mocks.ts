import type * as pulumi from '@pulumi/pulumi';
import { specialSecretSig, specialSigKey } from '@pulumi/pulumi/runtime/rpc';

export const ACCOUNT = '123456789012';
export const OIDC_ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/MOCKED0123456789';
/** The security group EKS creates for a cluster and puts on its managed nodes (and so on their pods). */
export const EKS_CLUSTER_SECURITY_GROUP = 'sg-0eks0cluster0mock';
/** The shared ALB the Load Balancer Controller made, as the services' Ingress status names it. */
export const ALB_HOSTNAME = 'k8s-ecommerce-0123456789-1234567890.eu-west-1.elb.amazonaws.com';
/** Route 53 zone of ALBs in eu-west-1, and of every CloudFront distribution. */
export const ALB_HOSTED_ZONE_ID = 'Z32O12XQLNTSW2';
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';
/** CloudFront's origin-facing managed prefix list in eu-west-1. */
export const CLOUDFRONT_PREFIX_LIST_ID = 'pl-4fa04526';

/**
 * Recorded inputs are arbitrary JSON; assertions read deep into them, and this alias keeps that readable
 * without pretending the provider schemas are typed here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

/** One resource the program registered, with the inputs it passed (secrets still wrapped). */
export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Reference (`<urn>::<id>`) of the explicit provider, when one was passed. */
  provider?: string;
  /** Names of the resources it waits for (dependsOn, expanded by the SDK to the custom resources). */
  dependencies: string[];
  /** The id of an existing resource the program reads (`Resource.get`) instead of creating. */
  readId?: string;
}

/** How the engine hands secrets to mocks: `{ [sig]: secretSig, value }`. */
export function asSecret(value: unknown): unknown {
  return { [specialSigKey]: specialSecretSig, value };
}

export function isSecret(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

/** The value with every secret wrapper removed, to look inside. */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(reveal);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
  }
  return value;
}

/** Outputs the real providers would compute, so the program's dependent values resolve under mocks. */
function computedState(type: string, name: string, inputs: Record<string, unknown>): Record<string, unknown> {
  const arn = `arn:aws:mock::${ACCOUNT}:${name}`;
  switch (type) {
    case 'eks:index:Cluster':
      return {
        kubeconfigJson: JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: inputs.name }] }),
        oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_ISSUER}`,
        oidcIssuer: OIDC_ISSUER,
        // A remote component returns its child cluster as a reference; the program reads its name and the
        // security group EKS created for it.
        eksCluster: { name: inputs.name, vpcConfig: { clusterSecurityGroupId: EKS_CLUSTER_SECURITY_GROUP } },
      };
    case 'aws:acm/certificate:Certificate':
      return {
        arn: `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${name}-0000`,
        domainValidationOptions: [
          {
            domainName: inputs.domainName,
            resourceRecordName: `_token.${String(inputs.domainName)}.`,
            resourceRecordType: 'CNAME',
            resourceRecordValue: '_answer.acm-validations.aws.',
          },
        ],
      };
    case 'aws:acm/certificateValidation:CertificateValidation':
      return { certificateArn: inputs.certificateArn };
    case 'random:index/randomPassword:RandomPassword':
      return { result: asSecret(`generated-${name}-${'x'.repeat(8)}`) };
    case 'aws:ecr/repository:Repository':
      return { arn, repositoryUrl: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/${String(inputs.name)}` };
    case 'aws:s3/bucket:Bucket':
      return { arn: `arn:aws:s3:::${name}-bucket`, bucket: `${name}-bucket` };
    case 'aws:route53/record:Record':
      return { fqdn: String(inputs.name).replace(/\.$/, '') };
    case 'aws:elasticache/replicationGroup:ReplicationGroup':
      return { arn, primaryEndpointAddress: `master.${name}.mock01.euw1.cache.amazonaws.com` };
    case 'aws:elasticache/subnetGroup:SubnetGroup':
      return { name: `${name}-subnets` };
    case 'aws:mq/broker:Broker':
      return {
        arn,
        instances: [{ endpoints: [`amqps://b-${name}-mock.mq.eu-west-1.amazonaws.com:5671`], ipAddress: '10.0.64.10' }],
      };
    case 'aws:sesv2/emailIdentity:EmailIdentity':
      return {
        arn: `arn:aws:ses:eu-west-1:${ACCOUNT}:identity/${String(inputs.emailIdentity)}`,
        dkimSigningAttributes: { ...(inputs.dkimSigningAttributes as object), tokens: ['dkim1', 'dkim2', 'dkim3'] },
      };
    case 'aws:iam/role:Role':
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, name };
    case 'aws:iam/accessKey:AccessKey':
      return { sesSmtpPasswordV4: `mock-smtp-password-${name}` };
    case 'kubernetes:helm.sh/v3:Release':
      return { status: { name: inputs.name, namespace: inputs.namespace, status: 'deployed' } };
    case 'kubernetes:networking.k8s.io/v1:Ingress':
      return { status: { loadBalancer: { ingress: [{ hostname: ALB_HOSTNAME }] } } };
    case 'aws:cloudfront/distribution:Distribution':
      return { arn, domainName: 'd111111abcdef8.cloudfront.net', hostedZoneId: CLOUDFRONT_HOSTED_ZONE_ID };
    default:
      return { arn };
  }
}

/** The only provider functions the program calls: lookups of fixed AWS values for the CDN (components/cdn.ts). */
const LOOKUPS: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>> = {
  'aws:ec2/getManagedPrefixList:getManagedPrefixList': (inputs) => ({
    id: CLOUDFRONT_PREFIX_LIST_ID,
    name: inputs.name,
  }),
  'aws:lb/getHostedZoneId:getHostedZoneId': () => ({ id: ALB_HOSTED_ZONE_ID }),
};

/** Mocks that record every registered resource and answer with plausible computed outputs. */
export function recordingMocks(recorded: RecordedResource[]): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      recorded.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        provider: args.provider,
        dependencies: [],
        ...(args.id ? { readId: args.id } : {}),
      });
      return { id: `${args.name}-id`, state: { ...args.inputs, ...computedState(args.type, args.name, args.inputs) } };
    },
    call(args) {
      const answer = LOOKUPS[args.token];
      if (!answer) throw new Error(`The program should not need provider functions, but called ${args.token}`);
      return answer(args.inputs);
    },
  };
}
