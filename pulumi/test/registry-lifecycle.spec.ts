import { createHash } from 'node:crypto';
import { lifecyclePolicy, promotedTag } from '../registry/lifecycle';
import { survivors, type RepositoryImage } from './helpers/ecr-lifecycle';

/**
 * A year of builds in one of staging's repositories (prod runs digests from them): every build pushes its
 * image (commit tag) plus cosign's signature and attestation; some builds are promoted to prod and tagged
 * by tools/delivery/tag-promoted.sh. What must survive: everything prod ever ran (its rollback targets),
 * with the signature CD verifies, and the recent builds staging runs and rolls back to.
 */
const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
const BUILDS = 365;
const PROMOTED = [3, 40, 200, 350];

function repository(): RepositoryImage[] {
  const images: RepositoryImage[] = [];
  for (let build = 1; build <= BUILDS; build += 1) {
    const digest = `sha256:${hex(`image-${build}`)}`;
    const promoted = PROMOTED.includes(build);
    const sigTag = (suffix: string) => `${digest.replace(':', '-')}.${suffix}`;
    images.push({
      digest,
      tags: [hex(`commit-${build}`).slice(0, 40), ...(promoted ? [promotedTag(digest)] : [])],
      pushedDay: build,
    });
    for (const suffix of ['sig', 'att'])
      images.push({
        digest: `sha256:${hex(`${suffix}-${build}`)}`,
        tags: [sigTag(suffix), ...(promoted ? [`${promotedTag(digest)}.${suffix}`] : [])],
        pushedDay: build,
      });
    // A superseded push of the same commit leaves an untagged manifest behind.
    images.push({ digest: `sha256:${hex(`leftover-${build}`)}`, tags: [], pushedDay: build });
  }
  return images;
}

const left = survivors(lifecyclePolicy(7, 30), repository(), BUILDS);
const kept = (build: number) => left.some((image) => image.digest === `sha256:${hex(`image-${build}`)}`);
const signed = (build: number) => left.some((image) => image.tags.includes(`sha256-${hex(`image-${build}`)}.sig`));

it('keeps every image ever promoted to prod, with its signature, however many builds followed', () => {
  expect(PROMOTED.filter((build) => !kept(build) || !signed(build))).toEqual([]);
});

it('keeps the last 30 builds with their signatures (what staging runs and rolls back to)', () => {
  const recent = Array.from({ length: 30 }, (_, i) => BUILDS - i);
  expect(recent.filter((build) => !kept(build) || !signed(build))).toEqual([]);
});

it('expires older unpromoted builds, their signatures and untagged leftovers after a week', () => {
  expect(kept(100)).toBe(false);
  expect(signed(100)).toBe(false);
  const leftovers = left.filter((image) => image.tags.length === 0).map((image) => image.pushedDay);
  expect(Math.min(...leftovers)).toBeGreaterThanOrEqual(BUILDS - 7);
});

it('names promotion tags after the digest, so re-tagging on a rollback is a no-op', () => {
  expect(promotedTag(`sha256:${'a'.repeat(64)}`)).toBe(`promoted-${'a'.repeat(64)}`);
});
