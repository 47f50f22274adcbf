import {
  bucketEncrypted,
  bucketNotPublic,
  bucketVersioned,
  ecrImmutableTags,
  ecrLifecycle,
  ecrScanOnPush,
  kmsKeyRotation,
} from './storage-rules';
import { cacheEncrypted } from './cache-rules';
import type { PolicyContext, PolicyResource, PolicyRule, Violation } from './types';
import { clusterApiNotOpen, noSecretsInHelmValues, prodHighlyAvailable, serviceResourcesSet } from './workload-rules';

export type { PolicyContext, PolicyResource, PolicyRule, Violation } from './types';

/** Every rule, used by the tests over the mocked program and by the policy pack during `pulumi preview`. */
export const POLICY_RULES: PolicyRule[] = [
  bucketEncrypted,
  bucketNotPublic,
  bucketVersioned,
  ecrScanOnPush,
  ecrImmutableTags,
  ecrLifecycle,
  kmsKeyRotation,
  cacheEncrypted,
  clusterApiNotOpen,
  serviceResourcesSet,
  noSecretsInHelmValues,
  prodHighlyAvailable,
];

export function checkPolicies(resources: PolicyResource[], context: PolicyContext, rules = POLICY_RULES): Violation[] {
  return rules.flatMap((rule) => rule.check(resources, context));
}
