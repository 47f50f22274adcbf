import { TYPES, get, type PolicyResource, type PolicyRule, type Violation } from './types';

const ofType = (resources: PolicyResource[], type: string) => resources.filter((r) => r.type === type);

/**
 * A bucket's protections are separate resources. They belong to a bucket when they carry its logical
 * name (this program's convention) or point at its physical name; during a preview the physical name of
 * a new bucket is still unknown, hence the name convention.
 */
function companionOf(bucket: PolicyResource, candidates: PolicyResource[]): PolicyResource | undefined {
  const physical = [bucket.props.bucket, bucket.props.id].filter((v): v is string => typeof v === 'string');
  return candidates.find((c) => c.name === bucket.name || physical.some((p) => p === c.props.bucket));
}

function bucketRule(
  name: string,
  description: string,
  type: string,
  ok: (companion: PolicyResource) => boolean,
): PolicyRule {
  return {
    name,
    description,
    check(resources) {
      const companions = ofType(resources, type);
      return ofType(resources, TYPES.bucket).flatMap((bucket): Violation[] => {
        const companion = companionOf(bucket, companions);
        return companion && ok(companion) ? [] : [{ rule: name, resource: bucket.name, message: description }];
      });
    },
  };
}

export const bucketEncrypted = bucketRule(
  's3-bucket-encrypted',
  'Every S3 bucket has default server-side encryption.',
  TYPES.bucketEncryption,
  (c) => typeof get(c.props, 'rules', '0', 'applyServerSideEncryptionByDefault', 'sseAlgorithm') === 'string',
);

export const bucketNotPublic = bucketRule(
  's3-bucket-not-public',
  'Every S3 bucket blocks public ACLs and policies (all four public access block settings on).',
  TYPES.bucketPublicAccessBlock,
  (c) =>
    ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'].every(
      (k) => c.props[k] === true,
    ),
);

export const bucketVersioned = bucketRule(
  's3-bucket-versioned',
  'Every S3 bucket keeps versions, so an overwrite or delete can be undone.',
  TYPES.bucketVersioning,
  (c) => get(c.props, 'versioningConfiguration', 'status') === 'Enabled',
);

function repositoryRule(name: string, description: string, ok: (repository: PolicyResource) => boolean): PolicyRule {
  return {
    name,
    description,
    check: (resources) =>
      ofType(resources, TYPES.ecrRepository)
        .filter((repository) => !ok(repository))
        .map((repository) => ({ rule: name, resource: repository.name, message: description })),
  };
}

export const ecrScanOnPush = repositoryRule(
  'ecr-scan-on-push',
  'Every ECR repository scans images for vulnerabilities on push.',
  (r) => get(r.props, 'imageScanningConfiguration', 'scanOnPush') === true,
);

export const ecrImmutableTags = repositoryRule(
  'ecr-immutable-tags',
  'Every ECR repository has immutable tags, so a tag always names the same image.',
  (r) => r.props.imageTagMutability === 'IMMUTABLE',
);

export const ecrLifecycle: PolicyRule = {
  name: 'ecr-lifecycle-policy',
  description: 'Every ECR repository has a lifecycle policy, so old images do not pile up.',
  check(resources) {
    const policies = ofType(resources, TYPES.ecrLifecyclePolicy);
    return ofType(resources, TYPES.ecrRepository)
      .filter(
        (repository) =>
          !policies.some((p) => p.name === repository.name || p.props.repository === repository.props.name),
      )
      .map((repository) => ({ rule: this.name, resource: repository.name, message: this.description }));
  },
};

export const kmsKeyRotation: PolicyRule = {
  name: 'kms-key-rotation',
  description: 'Every customer-managed KMS key rotates yearly.',
  check: (resources) =>
    ofType(resources, TYPES.kmsKey)
      .filter((key) => key.props.enableKeyRotation !== true)
      .map((key) => ({
        rule: 'kms-key-rotation',
        resource: key.name,
        message: 'Every customer-managed KMS key rotates yearly.',
      })),
};
