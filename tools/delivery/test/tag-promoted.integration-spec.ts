import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImages } from '../../../pulumi/scripts/lib/image-config';
import { fixtureImages, stackFileText } from '../../../pulumi/test/helpers/stack-config';
import { promotionLines } from '../promoted-images';
import { fakeCommands, runDeliveryScript } from './support/shell';

/**
 * tag-promoted.sh against a stand-in AWS CLI: every image prod runs, its signature and its attestation get
 * the promotion tag that the lifecycle policy keeps; a tag already there (a rollback to an image promoted
 * before) is not an error; a real failure is.
 */
const work = mkdtempSync(join(tmpdir(), 'tag-promoted-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const stackFile = join(work, 'Pulumi.prod.yaml');
writeFileSync(stackFile, writeImages(stackFileText('prod'), fixtureImages('staging', 'verified')).text);
const calls = join(work, 'calls.log');

function run(putImage: string) {
  const bin = fakeCommands({
    aws: `echo "$*" >> "${calls}"
case "$2" in
  batch-get-image) echo '{"schemaVersion":2}' ;;
  put-image) ${putImage} ;;
esac`,
  });
  writeFileSync(calls, '');
  return runDeliveryScript('tag-promoted.sh', [stackFile], { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
}

it('tags each image, signature and attestation promoted-<digest hex> in its own repository', () => {
  const result = run('exit 0');
  expect(result.status).toBe(0);
  const puts = readFileSync(calls, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('ecr put-image'));
  // Five services, each image with its signature and attestation.
  expect(puts).toHaveLength(15);
  const digest = fixtureImages('staging', 'verified')['cart-service'].digest.replace('sha256:', '');
  for (const suffix of ['', '.sig', '.att'])
    expect(puts).toContainEqual(
      expect.stringContaining(
        `--repository-name ecommerce-staging/cart-service --image-tag promoted-${digest}${suffix} `,
      ),
    );
});

it('reads the repository name (no registry host), digest and tag of each image from the stack file', () => {
  const image = fixtureImages('staging', 'verified')['user-service'];
  const hex = image.digest.replace('sha256:', '');
  expect(promotionLines(readFileSync(stackFile, 'utf8'), 'Pulumi.prod.yaml')).toContain(
    `ecommerce-staging/user-service ${image.digest} promoted-${hex}`,
  );
});

it('moves on when the tag is already there, and fails on any other error', () => {
  expect(run(`echo "An error occurred (ImageTagAlreadyExistsException)" >&2; exit 254`).status).toBe(0);
  const failed = run(`echo "An error occurred (AccessDeniedException)" >&2; exit 254`);
  expect(failed.status).not.toBe(0);
  expect(failed.stderr).toContain('AccessDeniedException');
});
