import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeImages } from '../../../pulumi/scripts/lib/image-config';
import { fixtureImages, stackFileText } from '../../../pulumi/test/helpers/stack-config';
import { DEPLOY_EVENTS, type DeployEvent, deployEvent, runUrl } from '../lib/deploy-event';
import { emailMessage, slackMessage, summaryLine } from '../lib/notification';
import {
  defaultSender,
  dispatch,
  type MailRoute,
  type OutgoingMail,
  redact,
  selectChannels,
  type Transports,
} from '../lib/notifier';
import { main, parseNotifyArgs } from '../notify';

/** Message content, channel selection and the command, with the transports replaced: nothing leaves the process. */

const COMMIT = '0123456789abcdef0123456789abcdef01234567';
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/s3cr3tW3bh00kT0ken';
const SMTP = 'smtps://deploys:p%40ssw0rd-smtp@smtp.example.com:465';

const github = {
  GITHUB_SHA: COMMIT,
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: '4242',
  GITHUB_ACTOR: 'release-manager',
};

const images = fixtureImages('staging', 'verified');
const stagingFile = writeImages(stackFileText('staging'), images).text;
const prodFile = writeImages(stackFileText('prod'), images).text;

function event(overrides: Partial<DeployEvent> = {}): DeployEvent {
  return {
    ...deployEvent({ kind: 'promoted', stack: 'prod', stackFileText: prodFile, release: '0.1.57' }, github),
    ...overrides,
  };
}

/** Transports that record what they were handed, and fail on demand. */
function recording(failures: { slack?: Error; email?: Error } = {}) {
  const posted: { url: string; body: unknown }[] = [];
  const mailed: { route: MailRoute; mail: OutgoingMail }[] = [];
  const transports: Transports = {
    postWebhook: async (url, body) => {
      if (failures.slack) throw failures.slack;
      posted.push({ url, body });
    },
    sendMail: async (route, mail) => {
      if (failures.email) throw failures.email;
      mailed.push({ route, mail });
    },
  };
  return { transports, posted, mailed };
}

describe('the deploy event', () => {
  it('names the stack, every service with its digest from the stack file, the commit, actor and run', () => {
    const built = deployEvent(
      { kind: 'started', stack: 'staging', stackFileText: stagingFile, detail: 'Deploying main.' },
      github,
    );
    expect(built).toEqual({
      kind: 'started',
      stack: 'staging',
      images: Object.entries(images)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, image]) => ({ service, ...image })),
      commit: COMMIT,
      runUrl: 'https://github.com/acme/shop/actions/runs/4242',
      repository: 'acme/shop',
      actor: 'release-manager',
      detail: 'Deploying main.',
    });
  });

  it('narrows to the services a step names, and says which have no image', () => {
    const built = deployEvent(
      { kind: 'promoted', stack: 'prod', stackFileText: prodFile, services: ['cart-service', 'search-service'] },
      github,
    );
    expect(built.images.map((image) => image.service)).toEqual(['cart-service']);
    expect(built.imagesNote).toBe('the stack file has no image for search-service');
  });

  it('still describes the event when the stack file is missing, unreadable or empty', () => {
    const missing = deployEvent({ kind: 'aborted', stack: 'staging', stackFileLabel: 'Pulumi.staging.yaml' }, {});
    expect(missing).toMatchObject({ images: [], imagesNote: 'Pulumi.staging.yaml was not available' });
    expect(missing.commit).toBe('unknown');
    expect(missing.runUrl).toBe('https://github.com (not run by GitHub Actions)');
    expect(deployEvent({ kind: 'aborted', stack: 's', stackFileText: 'config: [' }, {}).imagesNote).toMatch(
      /not valid YAML/,
    );
    expect(deployEvent({ kind: 'aborted', stack: 's', stackFileText: stackFileText('staging') }, {}).imagesNote).toBe(
      'the stack file names no images',
    );
  });

  it("lists no images when told that none were chosen yet (--stack-file '')", () => {
    const aborted = deployEvent({ kind: 'aborted', stack: 'prod', stackFileLabel: '' }, github);
    expect(aborted).toMatchObject({ images: [], imagesNote: 'no new images were chosen' });
  });

  it('links to the run exactly as $GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID', () => {
    expect(runUrl({ ...github, GITHUB_SERVER_URL: 'https://ghe.acme.example' })).toBe(
      'https://ghe.acme.example/acme/shop/actions/runs/4242',
    );
  });
});

describe('message content', () => {
  it('summarises stack, outcome, release, commit and services in one line', () => {
    expect(summaryLine(event({ detail: 'Smoke test passed.' }))).toBe(
      'prod: deploy promoted (release 0.1.57, commit 0123456; 5 services). Smoke test passed.',
    );
    const one = event({ kind: 'rolled-back', images: [event().images[0]], release: undefined });
    expect(summaryLine(one)).toBe(
      `prod: rolled back (commit 0123456; ${one.images[0].service} ${one.images[0].digest.slice(0, 19)}).`,
    );
    expect(summaryLine(event({ images: [], imagesNote: 'x' }))).toContain('images unknown');
  });

  it.each(DEPLOY_EVENTS)('words the %s event for Slack and email, with every image and the run', (kind) => {
    const built = event({ kind, detail: 'Something happened.' });
    const slack = JSON.stringify(slackMessage(built));
    const mail = emailMessage(built);
    for (const image of built.images) {
      expect(slack).toContain(`${image.repository}@${image.digest}`);
      expect(mail.text).toContain(`${image.repository}@${image.digest}`);
    }
    for (const text of [slack, mail.text, mail.subject]) expect(text).toContain('prod');
    expect(slack).toContain('<https://github.com/acme/shop/actions/runs/4242|run 4242>');
    expect(mail.text).toContain('Run:        https://github.com/acme/shop/actions/runs/4242');
    expect(mail.text).toContain(`Commit:     ${COMMIT}`);
    expect(mail.text).toContain('Something happened.');
    expect(mail.subject).toContain('release 0.1.57');
  });

  it('builds a Slack incoming-webhook body: summary text, headline, fields, the images, who and where', () => {
    const message = slackMessage(event({ detail: 'Smoke test passed.' }));
    expect(message.text).toBe(
      ':white_check_mark: prod: deploy promoted (release 0.1.57, commit 0123456; 5 services). Smoke test passed. ' +
        'https://github.com/acme/shop/actions/runs/4242',
    );
    expect(message.blocks[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: ':white_check_mark: *prod*: deploy promoted\nSmoke test passed.' },
    });
    expect(message.blocks[1]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Stack*\nprod' },
        { type: 'mrkdwn', text: '*Release*\n0.1.57' },
        { type: 'mrkdwn', text: '*Commit*\n`0123456`' },
        { type: 'mrkdwn', text: '*Run*\n<https://github.com/acme/shop/actions/runs/4242|run 4242>' },
      ],
    });
    expect(message.blocks[2]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: expect.stringMatching(/^\*Now serving\*\n```cart-service {10}\d+\.dkr\.ecr/) },
    });
    expect(message.blocks[3]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'by release-manager · acme/shop' }],
    });
  });

  it('escapes what Slack would read as markup, and leaves out what is unknown', () => {
    const message = slackMessage(
      event({ detail: 'p99 > 2s & <!channel>', release: undefined, actor: undefined, repository: undefined }),
    );
    expect(JSON.stringify(message)).toContain('p99 &gt; 2s &amp; &lt;!channel&gt;');
    expect(JSON.stringify(message)).not.toContain('<!channel>');
    expect(message.blocks[1]).toMatchObject({
      fields: expect.arrayContaining([{ type: 'mrkdwn', text: '*Release*\nn/a' }]),
    });
    expect(message.blocks).toHaveLength(3);
  });

  it('lists why images are missing instead of an empty list', () => {
    const built = event({ images: [], imagesNote: 'Pulumi.prod.yaml was not available' });
    expect(JSON.stringify(slackMessage(built))).toContain('(Pulumi.prod.yaml was not available)');
    expect(emailMessage(built).text).toContain('  (Pulumi.prod.yaml was not available)');
  });

  it('marks the events that need a person in the mail subject', () => {
    expect(emailMessage(event({ kind: 'rollback-failed' })).subject).toBe(
      '[prod] ACTION NEEDED: ROLLBACK FAILED (release 0.1.57, commit 0123456)',
    );
    expect(emailMessage(event({ kind: 'failed' })).subject).toMatch(/^\[prod\] ACTION NEEDED: /);
    expect(emailMessage(event({ kind: 'started', release: undefined })).subject).toBe(
      '[prod] deploy started (commit 0123456)',
    );
  });

  it('writes the mail body as a plain-text report', () => {
    const text = emailMessage(event({ kind: 'aborted', detail: 'Analysis failed: error rate 7 %.' })).text;
    expect(text.split('\n').slice(0, 10)).toEqual([
      'prod: deploy aborted, the previous version still serves.',
      'Analysis failed: error rate 7 %.',
      '',
      'Stack:      prod',
      'Release:    0.1.57',
      `Commit:     ${COMMIT}`,
      'Run:        https://github.com/acme/shop/actions/runs/4242',
      'Started by: release-manager',
      'Repository: acme/shop',
      '',
    ]);
    expect(text).toContain('Not deployed:\n  cart-service ');
  });
});

describe('channel selection', () => {
  const select = (env: NodeJS.ProcessEnv, kind: DeployEvent['kind'] = 'promoted', stackFile = prodFile) =>
    selectChannels(env, recording().transports, { kind, stackFileText: stackFile });

  it('selects nothing when nothing is configured', () => {
    expect(select({ ...github })).toEqual({ channels: [], problems: [], secrets: [] });
  });

  it('selects Slack from DEPLOY_WEBHOOK_URL, naming only its host', () => {
    const { channels, secrets } = select({ DEPLOY_WEBHOOK_URL: ` ${WEBHOOK} ` });
    expect(channels.map(({ name, target }) => ({ name, target }))).toEqual([
      { name: 'slack', target: 'webhook on hooks.slack.com' },
    ]);
    expect(secrets).toEqual([WEBHOOK]);
  });

  it('refuses a webhook that is not an http(s) URL, without printing it', () => {
    for (const url of ['hooks.slack.com/services/s3cr3t', 'ftp://hooks.slack.com/s3cr3t']) {
      const { channels, problems } = select({ DEPLOY_WEBHOOK_URL: url });
      expect(channels).toEqual([]);
      expect(problems).toEqual([expect.stringMatching(/^slack: DEPLOY_WEBHOOK_URL is not/)]);
      expect(problems.join()).not.toContain('s3cr3t');
    }
  });

  it("selects email through SES in the job's region, from deploys@ the stack's SES mail domain", () => {
    const { channels } = select({
      DEPLOY_EMAIL_TO: 'ops@shop.example.com, releases@shop.example.com',
      AWS_REGION: 'eu-west-1',
    });
    expect(channels.map(({ name, target }) => ({ name, target }))).toEqual([
      { name: 'email', target: 'ops@shop.example.com, releases@shop.example.com via SES (eu-west-1)' },
    ]);
    expect(defaultSender(prodFile)).toBe('Deploys <deploys@mail.shop.example.com>');
    expect(defaultSender(stagingFile)).toBe('Deploys <deploys@mail.staging.shop.example.com>');
  });

  it('selects email through SMTP when DEPLOY_SMTP_URL is set, keeping the URL and its password secret', () => {
    const { channels, secrets } = select({
      DEPLOY_EMAIL_TO: 'ops@shop.example.com',
      DEPLOY_EMAIL_FROM: 'deploys@shop.example.com',
      DEPLOY_SMTP_URL: SMTP,
    });
    expect(channels.map((channel) => channel.target)).toEqual(['ops@shop.example.com via SMTP']);
    expect(secrets).toEqual([SMTP, 'p%40ssw0rd-smtp', 'p@ssw0rd-smtp']);
  });

  it('selects both channels at once', () => {
    const { channels, problems } = select({
      DEPLOY_WEBHOOK_URL: WEBHOOK,
      DEPLOY_EMAIL_TO: 'ops@shop.example.com',
      AWS_DEFAULT_REGION: 'eu-central-1',
    });
    expect(channels.map((channel) => channel.name)).toEqual(['slack', 'email']);
    expect(problems).toEqual([]);
  });

  it('mails only the events DEPLOY_EMAIL_EVENTS names, when it is set', () => {
    const env = {
      DEPLOY_WEBHOOK_URL: WEBHOOK,
      DEPLOY_EMAIL_TO: 'ops@shop.example.com',
      AWS_REGION: 'eu-west-1',
      DEPLOY_EMAIL_EVENTS: 'promoted,rolled-back rollback-failed',
    };
    expect(select(env, 'started').channels.map((channel) => channel.name)).toEqual(['slack']);
    expect(select(env, 'rollback-failed').channels.map((channel) => channel.name)).toEqual(['slack', 'email']);
    expect(select({ ...env, DEPLOY_EMAIL_EVENTS: 'promoted,deployed' }).problems).toEqual([
      'email: DEPLOY_EMAIL_EVENTS names unknown events (deployed)',
    ]);
  });

  it.each([
    [
      { DEPLOY_EMAIL_TO: 'ops@shop.example.com; not-an-address', AWS_REGION: 'r' },
      /invalid addresses \(not-an-address\)/,
    ],
    [
      { DEPLOY_EMAIL_TO: 'ops@shop.example.com', DEPLOY_EMAIL_FROM: 'Deploys', AWS_REGION: 'r' },
      /"Deploys" is not an address/,
    ],
    [{ DEPLOY_EMAIL_TO: 'ops@shop.example.com', AWS_REGION: 'r', stackFile: 'config: {}' }, /no sender/],
    [{ DEPLOY_EMAIL_TO: 'ops@shop.example.com' }, /no AWS_REGION for SES/],
    [
      { DEPLOY_EMAIL_TO: 'ops@shop.example.com', DEPLOY_SMTP_URL: 'https://user:hunter22@smtp.example.com' },
      /DEPLOY_SMTP_URL is not an smtp/,
    ],
    [{ DEPLOY_EMAIL_TO: 'ops@shop.example.com', DEPLOY_SMTP_URL: 'not a url' }, /DEPLOY_SMTP_URL is not an smtp/],
  ])('reports an email channel it cannot use (%o), and selects none', (settings, problem) => {
    const { stackFile, ...env } = settings as NodeJS.ProcessEnv & { stackFile?: string };
    const selection = select(env, 'promoted', stackFile ?? prodFile);
    expect(selection.channels).toEqual([]);
    expect(selection.problems).toEqual([expect.stringMatching(problem)]);
    expect(selection.problems.join()).not.toContain('hunter22');
  });

  it('has no sender by default without a stack file or a mail domain', () => {
    expect(defaultSender(undefined)).toBeUndefined();
    expect(defaultSender('config: [')).toBeUndefined();
    expect(defaultSender('')).toBeUndefined();
  });
});

describe('sending', () => {
  const env = {
    ...github,
    DEPLOY_WEBHOOK_URL: WEBHOOK,
    DEPLOY_EMAIL_TO: 'ops@shop.example.com',
    DEPLOY_SMTP_URL: SMTP,
  };

  it('hands each channel its own message', async () => {
    const { transports, posted, mailed } = recording();
    const built = event();
    const outcomes = await dispatch(
      built,
      selectChannels(env, transports, { kind: built.kind, stackFileText: prodFile }),
    );
    expect(outcomes).toEqual([
      { channel: 'slack', ok: true, message: 'sent to slack (webhook on hooks.slack.com)' },
      { channel: 'email', ok: true, message: 'sent to email (ops@shop.example.com via SMTP)' },
    ]);
    expect(posted).toEqual([{ url: WEBHOOK, body: slackMessage(built) }]);
    expect(mailed).toEqual([
      {
        route: { kind: 'smtp', url: SMTP },
        mail: { ...emailMessage(built), from: 'Deploys <deploys@mail.shop.example.com>', to: ['ops@shop.example.com'] },
      },
    ]);
  });

  it('reports a failed channel without its secrets, and still sends on the other', async () => {
    const { transports, mailed } = recording({ slack: new Error(`connect ECONNREFUSED for ${WEBHOOK}`) });
    const built = event();
    const outcomes = await dispatch(
      built,
      selectChannels(env, transports, { kind: built.kind, stackFileText: prodFile }),
    );
    expect(outcomes[0]).toEqual({
      channel: 'slack',
      ok: false,
      message: 'slack notification failed (webhook on hooks.slack.com): Error: connect ECONNREFUSED for ***',
    });
    expect(outcomes[1].ok).toBe(true);
    expect(mailed).toHaveLength(1);
  });

  it('redacts every secret, longest first, and any Slack webhook path it did not know about', () => {
    expect(redact(`a ${SMTP} b p@ssw0rd-smtp`, [SMTP, 'p@ssw0rd-smtp'])).toBe('a *** b ***');
    expect(redact('posting to https://hooks.slack.com/services/X/Y/Z failed', [])).toBe(
      'posting to https://hooks.slack.com/*** failed',
    );
    expect(redact('short values like "ab" are not treated as secrets', ['ab'])).toContain('"ab"');
  });
});

describe('notify command', () => {
  async function run(args: string[], env: NodeJS.ProcessEnv, transports = recording().transports) {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const error = jest.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    try {
      const code = await main(args, env, transports);
      return { code, output: lines.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  const stackFileArgs = ['--stack-file', 'pulumi/test/fixtures/none.yaml'];

  it('reads the images from the stack file and sends to every channel, printing no secret', async () => {
    const { transports, posted, mailed } = recording();
    const dir = mkdtempSync(join(tmpdir(), 'notify-'));
    const file = join(dir, 'Pulumi.prod.yaml');
    writeFileSync(file, prodFile);
    const { code, output } = await run(
      ['--event', 'promoted', '--stack', 'prod', '--stack-file', file, '--release', '0.1.57', '--detail', 'Verified.'],
      { ...github, DEPLOY_WEBHOOK_URL: WEBHOOK, DEPLOY_EMAIL_TO: 'ops@shop.example.com', DEPLOY_SMTP_URL: SMTP },
      transports,
    );
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(output.split('\n')).toEqual([
      'deploy event: prod: deploy promoted (release 0.1.57, commit 0123456; 5 services). Verified.',
      'sent to slack (webhook on hooks.slack.com)',
      'sent to email (ops@shop.example.com via SMTP)',
    ]);
    expect((posted[0].body as { blocks: unknown[] }).blocks).toHaveLength(4);
    expect(mailed[0].mail.text).toContain(images['order-service'].digest);
    expect(output).not.toMatch(/s3cr3t|p%40ss|p@ss/);
  });

  it('exits 0 with warnings when every channel fails, so the deploy goes on', async () => {
    const { transports } = recording({ slack: new Error(`HTTP 404 ${WEBHOOK}`), email: new Error('SMTP down') });
    const { code, output } = await run(
      ['--event', 'rollback-failed', '--stack', 'staging', ...stackFileArgs],
      {
        ...github,
        DEPLOY_WEBHOOK_URL: WEBHOOK,
        DEPLOY_EMAIL_TO: 'ops@shop.example.com',
        DEPLOY_EMAIL_FROM: 'deploys@shop.example.com',
        DEPLOY_SMTP_URL: SMTP,
      },
      transports,
    );
    expect(code).toBe(0);
    expect(output).toContain('::warning::deploy notification: slack notification failed');
    expect(output).toContain(
      '::warning::deploy notification: email notification failed (ops@shop.example.com via SMTP): Error: SMTP down',
    );
    expect(output).toContain('pulumi/test/fixtures/none.yaml was not available');
    expect(output).not.toContain('s3cr3t');
  });

  it('warns about a misconfigured channel and sends on the rest', async () => {
    const { transports, posted } = recording();
    const { code, output } = await run(
      ['--event', 'started', '--stack', 'staging', ...stackFileArgs],
      { DEPLOY_WEBHOOK_URL: WEBHOOK, DEPLOY_EMAIL_TO: 'ops@shop.example.com' },
      transports,
    );
    expect(code).toBe(0);
    expect(output).toContain('::warning::deploy notification: email: no sender');
    expect(posted).toHaveLength(1);
  });

  it('sends nothing and succeeds when no channel is configured', async () => {
    const { transports, posted, mailed } = recording();
    const { code, output } = await run(
      ['--event', 'started', '--stack', 'staging', ...stackFileArgs],
      github,
      transports,
    );
    expect(code).toBe(0);
    expect(output).toContain(
      'no notification channel is configured (DEPLOY_WEBHOOK_URL, DEPLOY_EMAIL_TO): nothing sent',
    );
    expect([...posted, ...mailed]).toEqual([]);
  });

  it('reads Pulumi.<stack>.yaml from the working directory unless told otherwise', () => {
    expect(
      parseNotifyArgs([
        '--event',
        'aborted',
        '--stack',
        'prod',
        '--service',
        'cart-service',
        '--service',
        'user-service',
      ]),
    ).toEqual({
      event: 'aborted',
      stack: 'prod',
      stackFile: 'Pulumi.prod.yaml',
      services: ['cart-service', 'user-service'],
    });
  });

  it.each([
    [['--stack', 'staging'], '--event must be one of started, promoted, aborted, rolled-back, rollback-failed, failed'],
    [['--event', 'succeeded', '--stack', 'staging'], '--event must be one of'],
    [['--event', 'started'], '--stack must name the stack'],
    [['--event', 'started', '--stack', 'Prod; rm -rf'], '--stack must name the stack'],
    [['--event', 'started', '--stack', 'prod', '--colour', 'red'], "Unknown option '--colour'"],
  ])('rejects %j with usage (exit 2) and sends nothing', async (args, message) => {
    const { transports, posted } = recording();
    const { code, output } = await run(args, { DEPLOY_WEBHOOK_URL: WEBHOOK }, transports);
    expect(code).toBe(2);
    expect(output).toContain(message);
    expect(output).toContain('usage: notify.ts --event');
    expect(posted).toEqual([]);
  });
});
