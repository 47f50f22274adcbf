import { validateWorkflow } from '@action-validator/core';
import { parseDockerfile } from './support/dockerfile-model';
import { packageScripts, readRepoFile, repoFileExists, workflowFiles } from './support/repo';
import { npmScriptsCalled, parseWorkflow, repoScriptsCalled, runScripts, usesLines } from './support/workflow-model';

const files = workflowFiles();
const sources = Object.fromEntries(files.map((file) => [file, readRepoFile('.github', 'workflows', file)]));
const workflows = Object.fromEntries(files.map((file) => [file, parseWorkflow(sources[file])]));

/** Jobs allowed more than read access, and exactly what they get. Widening one is a reviewed change here. */
const ELEVATED_JOBS: Record<string, Record<string, string>> = {
  'ci.yml/images': { contents: 'read', 'id-token': 'write' },
  'ci.yml/pulumi-preview': { contents: 'read', 'id-token': 'write' },
  'cd.yml/ci': { contents: 'read', 'id-token': 'write' },
  'cd.yml/staging': { contents: 'write', 'id-token': 'write' },
  'cd.yml/production': { contents: 'write', 'id-token': 'write' },
  'rollback.yml/rollback': { contents: 'write', 'id-token': 'write' },
};

/** Scripts other parts of the repository provide (reported to the lead when missing). */
const PROVIDED_ELSEWHERE: Record<string, string> = {
  'helm/vendor-common.sh': 'the Helm charts: vendors the shared library chart',
};

const jobsOf = (file: string) => Object.entries(workflows[file].jobs);
const allRunScripts = () => files.flatMap((file) => runScripts(workflows[file]).map((run) => ({ ...run, file })));

describe('GitHub Actions workflows', () => {
  it('exist: CI, CD and the manual rollback', () => {
    expect(files).toEqual(expect.arrayContaining(['ci.yml', 'cd.yml', 'rollback.yml']));
  });

  it.each(files)('%s validates against the GitHub Actions workflow schema', (file) => {
    expect(validateWorkflow(sources[file]).errors).toEqual([]);
  });

  it.each(files)('%s pins every action to a full commit SHA with its version in a comment', (file) => {
    const remote = usesLines(sources[file]).filter(({ ref }) => !ref.startsWith('./') && !ref.startsWith('docker://'));
    expect(remote.length).toBeGreaterThan(0);
    for (const { ref, comment, line } of remote) {
      expect({ line, ref }).toEqual({
        line,
        ref: expect.stringMatching(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/),
      });
      expect({ line, comment }).toEqual({ line, comment: expect.stringMatching(/^v?\d+\.\d+\.\d+\b/) });
    }
  });

  it('pins each action to one SHA everywhere, so an update changes every use at once', () => {
    const shasByAction = new Map<string, Set<string>>();
    for (const file of files) {
      for (const { ref } of usesLines(sources[file]).filter(
        (use) => use.ref.includes('@') && !use.ref.startsWith('./'),
      )) {
        const [action, sha] = ref.split('@');
        shasByAction.set(action, (shasByAction.get(action) ?? new Set()).add(sha));
      }
    }
    const inconsistent = [...shasByAction].filter(([, shas]) => shas.size > 1).map(([action]) => action);
    expect(inconsistent).toEqual([]);
  });

  it.each(files)('%s grants read-only permissions at the top', (file) => {
    const permissions = workflows[file].permissions;
    expect(permissions).toEqual(expect.objectContaining({ contents: 'read' }));
    expect(Object.values(permissions as Record<string, string>).every((level) => level !== 'write')).toBe(true);
  });

  it('elevates permissions only for the jobs that need them, and exactly as reviewed', () => {
    const elevated = Object.fromEntries(
      files.flatMap((file) =>
        jobsOf(file)
          .filter(([, job]) => typeof job.permissions === 'object' && Object.values(job.permissions).includes('write'))
          .map(([id, job]) => [`${file}/${id}`, job.permissions]),
      ),
    );
    expect(elevated).toEqual(ELEVATED_JOBS);
  });

  it('lets only environment-protected jobs write to the repository', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file)) {
        const writesContents = typeof job.permissions === 'object' && job.permissions.contents === 'write';
        if (writesContents)
          expect({ job: `${file}/${id}`, environment: job.environment }).toEqual({
            job: `${file}/${id}`,
            environment: expect.anything(),
          });
      }
    }
  });

  it('keeps the git token out of checkouts that do not push', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file)) {
        const pushes = typeof job.permissions === 'object' && job.permissions.contents === 'write';
        for (const step of (job.steps ?? []).filter((candidate) => candidate.uses?.startsWith('actions/checkout@'))) {
          const persists = step.with?.['persist-credentials'] !== false;
          expect({ job: `${file}/${id}`, persists }).toEqual({ job: `${file}/${id}`, persists: pushes });
        }
      }
    }
  });

  it('never expands ${{ }} inside run scripts (no script injection; secrets reach scripts only as env)', () => {
    const offending = allRunScripts().filter(({ script }) => script.includes('${{'));
    expect(offending.map(({ file, where }) => `${file}:${where}`)).toEqual([]);
  });

  it('bounds every job in time', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file).filter(([, candidate]) => !candidate.uses)) {
        expect({ job: `${file}/${id}`, timeout: job['timeout-minutes'] }).toEqual({
          job: `${file}/${id}`,
          timeout: expect.any(Number),
        });
      }
    }
  });

  it('never runs two deploys of one stack at once', () => {
    for (const file of files) {
      for (const [id, job] of jobsOf(file).filter(([, candidate]) => candidate.environment)) {
        expect({ job: `${file}/${id}`, concurrency: job.concurrency }).toEqual({
          job: `${file}/${id}`,
          concurrency: expect.objectContaining({
            group: expect.stringMatching(/^deploy-/),
            'cancel-in-progress': false,
          }),
        });
      }
    }
    expect(workflows['ci.yml'].concurrency).toEqual(expect.objectContaining({ group: expect.any(String) }));
  });

  it('runs no dependency install script in a job that holds a write token or AWS credentials', () => {
    const risky = files.flatMap((file) =>
      jobsOf(file)
        .filter(([, job]) => typeof job.permissions === 'object' && Object.values(job.permissions).includes('write'))
        .flatMap(([id, job]) =>
          (job.steps ?? [])
            .filter((step) => /\bnpm install\b/.test(step.run ?? '') && !/--ignore-scripts\b/.test(step.run ?? ''))
            .map(() => `${file}/${id}`),
        ),
    );
    expect(risky).toEqual([]);
  });

  it("deploys, rolls back and previews from the stacks' in-VPC runners, the only place the cluster API answers", () => {
    const runner = (file: string, id: string) =>
      String((workflows[file].jobs[id] as Record<string, unknown>)['runs-on']);
    const label = (stack: string) =>
      `codebuild-ecommerce-${stack}-deploy-\${{ github.run_id }}-\${{ github.run_attempt }}`;
    expect(runner('cd.yml', 'staging')).toBe(label('staging'));
    expect(runner('cd.yml', 'production')).toBe(label('prod'));
    expect(runner('ci.yml', 'pulumi-preview')).toBe(label('staging'));
    expect(runner('rollback.yml', 'rollback')).toBe(label('${{ inputs.stack }}'));
  });

  it('protects what prod runs from the registry lifecycle before deploying it', () => {
    const steps = (workflows['cd.yml'].jobs.production.steps ?? []).map((step) => step.run ?? step.uses ?? '');
    const tag = steps.findIndex((run) => run.includes('tools/delivery/tag-promoted.sh Pulumi.prod.yaml'));
    const up = steps.findIndex((run) => run.includes('pulumi up'));
    expect(tag).toBeGreaterThan(steps.findIndex((run) => run.includes('npm run promote')));
    expect(tag).toBeLessThan(up);
  });

  it('installs with npm install, never npm ci, like .ci/run', () => {
    const scripts = allRunScripts().map(({ script }) => script);
    expect(scripts.some((script) => /\bnpm install\b/.test(script))).toBe(true);
    expect(scripts.filter((script) => /\bnpm ci\b/.test(script))).toEqual([]);
  });

  it('calls only npm scripts that package.json defines', () => {
    const dockerRuns = parseDockerfile(readRepoFile('Dockerfile'))
      .stages.flatMap((stage) => stage.instructions)
      .filter((instruction) => instruction.keyword === 'RUN')
      .map((instruction) => ({ file: 'Dockerfile', where: 'RUN', script: instruction.args }));
    const defined = packageScripts();
    const missing = [...allRunScripts(), ...dockerRuns]
      .flatMap(({ file, script }) => npmScriptsCalled(script).map((name) => `${file}: npm run ${name}`))
      .filter((call) => defined[call.split('npm run ')[1]] === undefined);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('calls only repository scripts that exist (or that the Helm charts provide)', () => {
    const called = [...new Set(allRunScripts().flatMap(({ script }) => repoScriptsCalled(script)))];
    expect(called).toEqual(
      expect.arrayContaining([
        'tools/delivery/image-size.sh',
        'tools/delivery/tag-promoted.sh',
        'tools/delivery/release-version.sh',
        'tools/delivery/tag-release.sh',
        'tools/delivery/notify.ts',
      ]),
    );
    const missing = called.filter((path) => !repoFileExists(path) && !(path in PROVIDED_ELSEWHERE));
    expect(missing).toEqual([]);
  });

  it('deploys staging automatically, then prod after the production approval, promoting and smoke-testing each', () => {
    const cd = workflows['cd.yml'];
    expect(cd.on).toEqual({ push: { branches: ['main'] } });
    expect(cd.jobs.ci.uses).toBe('./.github/workflows/ci.yml');
    expect(cd.jobs.staging.needs).toBe('ci');
    expect(cd.jobs.production.needs).toBe('staging');
    expect(cd.jobs.production.environment).toEqual(expect.objectContaining({ name: 'production' }));
    const script = (job: string) =>
      runScripts({ ...cd, jobs: { [job]: cd.jobs[job] } })
        .map((run) => run.script)
        .join('\n');
    expect(script('staging')).toMatch(/npm run images:set -- --stack "\$STACK"/);
    expect(script('production')).toContain('npm run promote -- --from staging --to prod');
    for (const job of ['staging', 'production']) {
      expect(script(job)).toMatch(/pulumi up --stack "\$PULUMI_STACK" --yes/);
      expect(script(job)).toContain('npm run smoke -- --base-url "$BASE_URL"');
      expect(script(job)).toContain('tools/delivery/rollback-stack.sh');
    }
  });

  it('publishes, signs and records digests only when CD asks (publish), and checks the size budget always', () => {
    const images = workflows['ci.yml'].jobs.images;
    const steps = images.steps ?? [];
    const publishing = steps.filter((step) => step.if === '${{ inputs.publish }}');
    expect(publishing.map((step) => step.uses?.split('@')[0] ?? step.name)).toEqual([
      'aws-actions/configure-aws-credentials',
      'aws-actions/amazon-ecr-login',
      'Push ${{ matrix.service }}:${{ github.sha }} and its release version',
      'sigstore/cosign-installer',
      'Sign the digest and attest the SBOM (keyless, GitHub OIDC)',
      'actions/upload-artifact',
    ]);
    const scan = steps.find((step) => step.name?.startsWith('Vulnerability scan'));
    expect(scan?.with).toEqual(expect.objectContaining({ severity: 'HIGH,CRITICAL', 'exit-code': '1' }));
    expect(steps.some((step) => step.run?.includes('tools/delivery/image-size.sh "$LOCAL_IMAGE" 150'))).toBe(true);
  });

  it('runs the tests against real MongoDB and Redis service containers', () => {
    const test = workflows['ci.yml'].jobs.test as {
      services?: Record<string, { image: string }>;
      env?: Record<string, string>;
    };
    expect(test.services?.mongo.image).toBe('mongo:8');
    expect(test.services?.redis.image).toMatch(/^redis:/);
    expect(test.env).toEqual(
      expect.objectContaining({ MONGODB_URI: expect.stringMatching(/^mongodb:\/\//), REDIS_URL: expect.any(String) }),
    );
  });
});
