import { type DeployEventKind } from '../lib/deploy-event';
import { parseNotifyArgs } from '../notify';
import { readRepoFile, workflowFiles } from './support/repo';
import { parseWorkflow, type WorkflowJob, type WorkflowStep } from './support/workflow-model';

/**
 * The workflows' side of deploy notifications and release versions: every deploy moment calls the notifier with a
 * command line it accepts, with its channels' settings in the job, and the images carry their release version.
 */
const workflows = Object.fromEntries(
  workflowFiles().map((file) => [file, parseWorkflow(readRepoFile('.github', 'workflows', file))]),
);
const job = (file: string, id: string): WorkflowJob => workflows[file].jobs[id];
const steps = (file: string, id: string): WorkflowStep[] => job(file, id).steps ?? [];

/**
 * Splits one shell command into words as bash would for these lines: quotes removed, variables replaced by their
 * value in `vars` or a stand-in `<NAME>` (so `--stack "$STACK"` reads as one word); escapes and globs are not needed.
 */
export function shellWords(command: string, vars: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i];
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else word += char;
    } else if (char === '$') {
      const match = /^\$(\{[^}]*\}|\w+)/.exec(command.slice(i))!;
      const name = match[1].replace(/^\{|\}$/g, '');
      word = `${word ?? ''}${vars[name] ?? `<${name}>`}`;
      i += match[0].length - 1;
    } else if (quote === '"') {
      if (char === '"') quote = undefined;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + char;
  }
  if (word !== undefined) words.push(word);
  return words;
}

interface NotifyCall {
  file: string;
  job: string;
  index: number;
  step: WorkflowStep;
  line: string;
  args: string[];
}

/** A job's plain env values; STACK of the manual rollback is an input, one of the stack names. */
const jobVars = (candidate: WorkflowJob): Record<string, string> => ({
  STACK: 'staging',
  ...Object.fromEntries(
    Object.entries((candidate as { env?: Record<string, string> }).env ?? {}).filter(
      ([, value]) => !String(value).includes('${{'),
    ),
  ),
});

const NOTIFY = 'npx tsx tools/delivery/notify.ts';
const notifyCalls: NotifyCall[] = Object.entries(workflows).flatMap(([file, workflow]) =>
  Object.entries(workflow.jobs).flatMap(([id, candidate]) =>
    (candidate.steps ?? []).flatMap((step, index) =>
      (step.run ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.startsWith(NOTIFY))
        .map((line) => ({
          file,
          job: id,
          index,
          step,
          line,
          args: shellWords(line.slice(NOTIFY.length), jobVars(candidate)),
        })),
    ),
  ),
);
const eventsOf = (file: string, id: string) =>
  new Set(
    notifyCalls
      .filter((call) => call.file === file && call.job === id)
      .map((call) => (parseNotifyArgs(call.args) as { event: DeployEventKind }).event),
  );

describe('deploy notifications in the workflows', () => {
  it('splits shell words like bash for the notify lines', () => {
    expect(
      shellWords(`--stack "$STACK" --detail "Release \${RELEASE_VERSION:-x} of '$A'" --x 'it''s' ""`, {
        STACK: 'prod',
      }),
    ).toEqual(['--stack', 'prod', '--detail', "Release <RELEASE_VERSION:-x> of '<A>'", '--x', 'its', '']);
  });

  it('calls the notifier only with command lines it accepts', () => {
    expect(notifyCalls.length).toBeGreaterThanOrEqual(15);
    const refused = notifyCalls
      .map((call) => ({ where: `${call.file}/${call.job}#${call.index}`, parsed: parseNotifyArgs(call.args) }))
      .filter(({ parsed }) => typeof parsed === 'string');
    expect(refused).toEqual([]);
  });

  it.each([
    ['cd.yml', 'staging'],
    ['cd.yml', 'production'],
  ])('%s/%s notifies started, promoted, aborted, rolled back and a failed rollback', (file, id) => {
    expect([...eventsOf(file, id)].sort()).toEqual(
      ['aborted', 'failed', 'promoted', 'rollback-failed', 'rolled-back', 'started'].sort(),
    );
  });

  it('rollback.yml notifies its start, the rollback, an abort and a failed rollback', () => {
    expect([...eventsOf('rollback.yml', 'rollback')].sort()).toEqual(
      ['aborted', 'failed', 'rollback-failed', 'rolled-back', 'started'].sort(),
    );
  });

  it('names the stack and the stack file with the images in every call, and the release in the deploy jobs', () => {
    for (const call of notifyCalls) {
      const parsed = parseNotifyArgs(call.args) as Exclude<ReturnType<typeof parseNotifyArgs>, string>;
      const where = `${call.file}/${call.job}#${call.index}`;
      expect({ where, stack: call.line.includes(' --stack "$STACK" ') }).toEqual({ where, stack: true });
      expect({ where, stackFile: call.args.includes('--stack-file') }).toEqual({ where, stackFile: true });
      if (call.file === 'cd.yml' && !['rolled-back', 'rollback-failed'].includes(parsed.event))
        expect({ where, release: call.line.includes(' --release "$RELEASE_VERSION"') }).toEqual({
          where,
          release: true,
        });
    }
  });

  it('announces a start once the AWS credentials are there (mail goes through SES with them)', () => {
    for (const [file, id] of [
      ['cd.yml', 'staging'],
      ['cd.yml', 'production'],
      ['rollback.yml', 'rollback'],
    ]) {
      const credentials = steps(file, id).findIndex((step) =>
        step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
      );
      const started = notifyCalls.find(
        (call) => call.file === file && call.job === id && call.args.includes('started'),
      )!;
      const up = steps(file, id).findIndex((step) => step.id === 'up');
      expect({ file, id, order: credentials < started.index && started.index < up }).toEqual({ file, id, order: true });
    }
  });

  it('reports the outcome only when it happened (conditions on the steps that decide it)', () => {
    const conditionOf = (file: string, id: string, event: DeployEventKind) =>
      notifyCalls
        .filter((call) => call.file === file && call.job === id && call.args.includes(event))
        .map((call) => call.step.if ?? '');
    for (const id of ['staging', 'production']) {
      expect(conditionOf('cd.yml', id, 'aborted')).toEqual(["${{ failure() && steps.up.outcome == 'skipped' }}"]);
      expect(conditionOf('cd.yml', id, 'failed')).toEqual(["${{ failure() && steps.smoke.outcome == 'success' }}"]);
      expect(conditionOf('cd.yml', id, 'promoted')).toEqual(['']);
    }
    expect(conditionOf('rollback.yml', 'rollback', 'rolled-back')).toEqual(['${{ success() }}']);
  });

  it('gives every job that notifies the channel settings, secrets from secrets and addresses from variables', () => {
    const jobs = [...new Set(notifyCalls.map((call) => `${call.file}/${call.job}`))];
    expect(jobs.sort()).toEqual(['cd.yml/production', 'cd.yml/staging', 'rollback.yml/rollback']);
    for (const where of jobs) {
      const [file, id] = where.split('/');
      expect({ where, env: (job(file, id) as { env?: Record<string, string> }).env }).toEqual({
        where,
        env: expect.objectContaining({
          DEPLOY_WEBHOOK_URL: '${{ secrets.DEPLOY_WEBHOOK_URL }}',
          DEPLOY_SMTP_URL: '${{ secrets.DEPLOY_SMTP_URL }}',
          DEPLOY_EMAIL_TO: '${{ vars.DEPLOY_EMAIL_TO }}',
          DEPLOY_EMAIL_FROM: '${{ vars.DEPLOY_EMAIL_FROM }}',
          DEPLOY_EMAIL_EVENTS: '${{ vars.DEPLOY_EMAIL_EVENTS }}',
        }),
      });
    }
  });

  it('lists no images for an abort before the new ones were chosen', () => {
    for (const call of notifyCalls.filter((candidate) => candidate.args.includes('aborted'))) {
      expect(call.args).toContain(call.file === 'rollback.yml' ? '<RESTORED>' : '<NEW_IMAGES>');
      expect(Object.values(call.step.env ?? {})[0]).toMatch(
        /^\$\{\{ steps\.(images|restore)\.outcome == 'success' && /,
      );
    }
  });
});

describe('release versions in the workflows', () => {
  const images = steps('ci.yml', 'images');

  it('labels every image and tags every published one with the release version, beside the commit', () => {
    const meta = images.find((step) => step.id === 'meta')!;
    expect(meta.run).toContain('bash tools/delivery/release-version.sh >>"$GITHUB_OUTPUT"');
    expect(meta.run).toContain('bash tools/delivery/release-version.sh --unreleased >>"$GITHUB_OUTPUT"');
    expect(meta.env).toEqual({ PUBLISH: '${{ inputs.publish }}' });
    const build = images.find((step) => step.uses?.startsWith('docker/build-push-action@'))!;
    expect(String(build.with?.['build-args'])).toContain('VERSION=${{ steps.meta.outputs.label }}');
    const push = images.find((step) => step.id === 'push')!;
    expect(push.env?.RELEASE_VERSION).toBe('${{ steps.meta.outputs.version }}');
    expect(push.run).toContain('bash tools/delivery/tag-release.sh "$REPOSITORY_NAME" "$digest" "$RELEASE_VERSION"');
    expect(push.run!.indexOf('tag-release.sh')).toBeGreaterThan(push.run!.indexOf('digest=$(docker image inspect'));
  });

  it("names staging's deploy with the version ci.yml computed for the same run, and hands it to prod", () => {
    const release = steps('cd.yml', 'staging').find((step) => step.id === 'release')!;
    expect(release.run).toContain('bash tools/delivery/release-version.sh >>"$GITHUB_OUTPUT"');
    expect((job('cd.yml', 'staging') as { outputs?: Record<string, string> }).outputs?.release).toBe(
      '${{ steps.release.outputs.version }}',
    );
    expect((job('cd.yml', 'production') as { env?: Record<string, string> }).env?.RELEASE_VERSION).toBe(
      '${{ needs.staging.outputs.release }}',
    );
  });
});
