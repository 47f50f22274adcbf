/**
 * ECR lifecycle of the image repositories. Prod runs digests out of staging's repositories (promotion copies
 * no bytes), so what expires here is gone for both stacks. Every build pushes one image tagged with its
 * commit plus cosign's `sha256-<digest>.sig` and `.att` manifests, so a plain "keep the last N tagged"
 * counted signatures as builds and expired prod's image and its rollback targets after ~N/3 builds.
 *
 * Rules, highest priority first (an image matched by a rule is never expired by a lower one):
 *   1. anything tagged `promoted-*` (tools/delivery/tag-promoted.sh tags what prod runs, with its signature
 *      and attestation): kept, as many as there are;
 *   2. untagged manifests (superseded pushes, build leftovers): expire after N days;
 *   3. signatures and attestations (`sha256-*`): the last (builds kept x 2);
 *   4. build images (the commit tag): the last M.
 */
export const PROMOTED_TAG_PREFIX = 'promoted-';
/** Effectively "never": ECR only expires, so a keep rule is an expire rule that cannot trigger. */
const KEEP_ALL = 100000;

export function lifecyclePolicy(untaggedExpiryDays: number, buildsKept: number) {
  return {
    rules: [
      {
        rulePriority: 1,
        description: 'Keep every image promoted to prod (tag promoted-*), with its signature and attestation',
        selection: {
          tagStatus: 'tagged',
          tagPrefixList: [PROMOTED_TAG_PREFIX],
          countType: 'imageCountMoreThan',
          countNumber: KEEP_ALL,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: `Expire untagged images after ${untaggedExpiryDays} days`,
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: untaggedExpiryDays,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 3,
        description: `Keep the signatures and attestations of the last ${buildsKept} builds`,
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['sha256-*'],
          countType: 'imageCountMoreThan',
          countNumber: buildsKept * 2,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 4,
        description: `Keep the last ${buildsKept} build images`,
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: buildsKept,
        },
        action: { type: 'expire' },
      },
    ],
  };
}

/** The tag that protects a promoted manifest: `promoted-<hex of its digest>` (immutable, one per manifest). */
export const promotedTag = (digest: string): string => `${PROMOTED_TAG_PREFIX}${digest.replace(/^sha256:/, '')}`;
