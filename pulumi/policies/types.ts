/**
 * The shape both callers give the rules: the mocked program in tests (type, name, inputs) and
 * `@pulumi/policy`'s stack validation during `pulumi preview --policy-pack` (type, name, props).
 */
export interface PolicyResource {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface PolicyContext {
  /** Stack being checked; `prod` gets the high-availability rules. */
  stack: string;
  /** Set only when a stack deliberately opens its cluster API to the whole internet. */
  allowApiFromAnywhere: boolean;
}

export interface Violation {
  rule: string;
  resource: string;
  message: string;
}

export interface PolicyRule {
  name: string;
  description: string;
  check(resources: PolicyResource[], context: PolicyContext): Violation[];
}

export const TYPES = {
  bucket: 'aws:s3/bucket:Bucket',
  bucketEncryption: 'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  bucketPublicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  bucketVersioning: 'aws:s3/bucketVersioning:BucketVersioning',
  ecrRepository: 'aws:ecr/repository:Repository',
  ecrLifecyclePolicy: 'aws:ecr/lifecyclePolicy:LifecyclePolicy',
  kmsKey: 'aws:kms/key:Key',
  natGateway: 'aws:ec2/natGateway:NatGateway',
  eksCluster: 'eks:index:Cluster',
  managedNodeGroup: 'eks:index:ManagedNodeGroup',
  helmRelease: 'kubernetes:helm.sh/v3:Release',
  replicationGroup: 'aws:elasticache/replicationGroup:ReplicationGroup',
} as const;

/** Reads a nested property (`get(props, 'values', 'resources')`), undefined when any step is missing. */
export function get(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined,
    value,
  );
}
