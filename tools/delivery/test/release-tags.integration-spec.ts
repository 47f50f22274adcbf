import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRepoFile, repoPath } from './support/repo';
import { fakeCommands, runDeliveryScript } from './support/shell';

/**
 * The release version of published images (release-version.sh) and the ECR tag that carries it (tag-release.sh,
 * against a stand-in AWS CLI): MAJOR.MINOR from package.json, the CD run number as PATCH, written once and never
 * moved.
 */
const work = mkdtempSync(join(tmpdir(), 'release-tags-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function releaseVersion(args: string[], env: Record<string, string | undefined>, packageVersion?: unknown) {
  let packageJson = repoPath('package.json');
  if (packageVersion !== undefined) {
    packageJson = join(work, `package-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(packageJson, JSON.stringify(packageVersion === null ? { name: 'x' } : { version: packageVersion }));
  }
  const result = runDeliveryScript('release-version.sh', [...args, packageJson], {
    env: { GITHUB_RUN_NUMBER: '57', GITHUB_SHA: COMMIT, ...env },
  });
  const outputs = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
  return { ...result, outputs };
}

/** Semantic Versioning 2.0.0 precedence of plain MAJOR.MINOR.PATCH. */
const compare = (a: string, b: string) => {
  const [x, y] = [a, b].map((version) => version.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

describe('release-version.sh', () => {
  it("gives this repository's images MAJOR.MINOR of package.json and the run number as patch", () => {
    const [major, minor] = (JSON.parse(readRepoFile('package.json')) as { version: string }).version.split('.');
    const { status, stderr, outputs } = releaseVersion([], {});
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(outputs).toEqual({ version: `${major}.${minor}.57`, label: `${major}.${minor}.57+0123456` });
  });

  it('gives every run a different version, higher than the runs before it', () => {
    const versions = ['9', '10', '11', '100'].map(
      (run) => releaseVersion([], { GITHUB_RUN_NUMBER: run }, '2.3.0').outputs.version,
    );
    expect(versions).toEqual(['2.3.9', '2.3.10', '2.3.11', '2.3.100']);
    expect([...versions].sort(compare)).toEqual(versions);
    expect(compare(releaseVersion([], { GITHUB_RUN_NUMBER: '3' }, '2.4.0').outputs.version, '2.3.100')).toBeGreaterThan(
      0,
    );
  });

  it('labels pull request builds as CI builds with no version to push', () => {
    expect(releaseVersion(['--unreleased'], { GITHUB_SHA: 'abcdef1' }, '1.4.0').outputs).toEqual({
      version: '',
      label: '1.4.0-ci.57+abcdef1',
    });
  });

  it.each([
    ['0.1.1', 'the patch is the CD run number'],
    ['1.0.0-beta.1', 'must be MAJOR.MINOR.0'],
    ['01.2.0', 'must be MAJOR.MINOR.0'],
    ['1.2', 'must be MAJOR.MINOR.0'],
    [null, 'is ""'],
  ])('refuses package.json version %j', (version, message) => {
    const { status, stderr, stdout } = releaseVersion([], {}, version);
    expect(status).toBe(1);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it.each([
    [{ GITHUB_RUN_NUMBER: '0' }, 'is not a run number'],
    [{ GITHUB_RUN_NUMBER: '12a' }, 'is not a run number'],
    [{ GITHUB_RUN_NUMBER: undefined }, 'GITHUB_RUN_NUMBER is not set'],
    [{ GITHUB_SHA: 'main' }, 'is not a commit'],
    [{ GITHUB_SHA: undefined }, 'GITHUB_SHA is not set'],
  ])('refuses a run it cannot name (%o)', (env, message) => {
    const environment = Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value ?? '']));
    const { status, stderr } = releaseVersion([], environment, '1.0.0');
    expect(status).not.toBe(0);
    expect(stderr).toContain(message);
  });

  it('says when package.json is missing', () => {
    const result = runDeliveryScript('release-version.sh', [join(work, 'absent.json')], {
      env: { GITHUB_RUN_NUMBER: '1', GITHUB_SHA: COMMIT },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('absent.json not found');
  });
});

describe('tag-release.sh', () => {
  const digest = `sha256:${'ab'.repeat(32)}`;
  const calls = join(work, 'aws-calls.log');

  function run(
    putImage: string,
    args = ['ecommerce-staging/cart-service', digest, '0.1.57'],
    manifest = '{"schemaVersion":2}',
  ) {
    const bin = fakeCommands({
      aws: `printf '%s\\n' "$*" >> "${calls}"
case "$2" in
  batch-get-image) echo '${manifest}' ;;
  put-image) ${putImage} ;;
esac`,
    });
    writeFileSync(calls, '');
    const result = runDeliveryScript('tag-release.sh', args, { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    return { ...result, calls: readFileSync(calls, 'utf8').trim().split('\n').filter(Boolean) };
  }

  it('puts the version tag on the manifest the digest names, in that repository', () => {
    const result = run('exit 0');
    expect(result.status).toBe(0);
    expect(result.calls).toEqual([
      `ecr batch-get-image --repository-name ecommerce-staging/cart-service --image-ids imageDigest=${digest} --query images[0].imageManifest --output text`,
      'ecr put-image --repository-name ecommerce-staging/cart-service --image-tag 0.1.57 --image-manifest {"schemaVersion":2}',
    ]);
    expect(result.stdout).toContain(`ecommerce-staging/cart-service: tagged 0.1.57 (${digest})`);
  });

  it('accepts the tag already on this image (a re-run of the same CD run)', () => {
    const result = run(
      `echo "An error occurred (ImageAlreadyExistsException) when calling the PutImage operation" >&2; exit 254`,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('0.1.57 already names');
  });

  it('never moves a version: the tag on another image fails the publish with what to do', () => {
    const result = run(
      `echo "An error occurred (ImageTagAlreadyExistsException) when calling the PutImage operation" >&2; exit 254`,
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('::error::ecommerce-staging/cart-service: 0.1.57 already names another image');
    expect(result.stderr).toContain('Bump MINOR in package.json');
  });

  it('fails on any other error, and on a digest the repository does not have', () => {
    const denied = run(`echo "An error occurred (AccessDeniedException)" >&2; exit 254`);
    expect(denied.status).toBe(1);
    expect(denied.stderr).toContain('AccessDeniedException');
    const missing = run('exit 0', undefined, 'None');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`has no image ${digest}`);
    expect(missing.calls).toHaveLength(1);
  });

  it.each([
    [['ecommerce-staging/cart-service', 'sha256:abc', '0.1.57'], 'is not a digest'],
    [['ecommerce-staging/cart-service', digest, 'v0.1.57'], 'is not MAJOR.MINOR.PATCH'],
    [
      ['ecommerce-staging/cart-service', digest, '0123456789abcdef0123456789abcdef01234567'],
      'is not MAJOR.MINOR.PATCH',
    ],
    [['ecommerce-staging/cart-service', digest], 'usage: tag-release.sh'],
  ])('refuses %j before calling AWS', (args, message) => {
    const result = run('exit 0', args);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.calls).toEqual([]);
  });
});
