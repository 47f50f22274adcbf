/**
 * Tells people about a deploy: Slack (incoming webhook in the secret DEPLOY_WEBHOOK_URL) and email (SES with the
 * job's AWS credentials, or SMTP), each message with the stack, the services and their digests, the release
 * version, the commit and the link to the run. Secrets are never printed, and a channel that fails only warns:
 * a chat or mail outage never fails or blocks a deploy. docs/operations/ci-cd.md#notifications
 *
 * Usage: npx tsx tools/delivery/notify.ts --event started|promoted|aborted|rolled-back|rollback-failed|failed
 *          --stack staging|prod [--stack-file Pulumi.<stack>.yaml] [--service NAME ...] [--release X.Y.Z]
 *          [--detail TEXT]
 * The images (services and digests) are read from the stack file's `ecommerce:images`, narrowed to the --service
 * names if any; `--stack-file ''` says no images were chosen yet (a deploy aborted before setting them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEPLOY_EVENTS, type DeployEventKind, deployEvent, isDeployEventKind } from './lib/deploy-event';
import { dispatch, redact, selectChannels, type Transports } from './lib/notifier';
import { summaryLine } from './lib/notification';
import { realTransports } from './lib/transports';

const USAGE = `usage: notify.ts --event ${DEPLOY_EVENTS.join('|')} --stack NAME [--stack-file FILE] [--service NAME ...] [--release X.Y.Z] [--detail TEXT]`;

export interface NotifyOptions {
  event: DeployEventKind;
  stack: string;
  stackFile: string;
  services: string[];
  release?: string;
  detail?: string;
}

/** The command line, or why it is wrong. A wrong command line is a bug in a workflow (workflows.spec.ts runs them). */
export function parseNotifyArgs(argv: string[]): NotifyOptions | string {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        event: { type: 'string' },
        stack: { type: 'string' },
        'stack-file': { type: 'string' },
        service: { type: 'string', multiple: true },
        release: { type: 'string' },
        detail: { type: 'string' },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (!isDeployEventKind(values.event)) return `--event must be one of ${DEPLOY_EVENTS.join(', ')}`;
  if (!values.stack || !/^[a-z][a-z0-9-]*$/.test(values.stack)) return '--stack must name the stack (staging, prod)';
  return {
    event: values.event,
    stack: values.stack,
    stackFile: values['stack-file'] ?? `Pulumi.${values.stack}.yaml`,
    services: values.service ?? [],
    ...(values.release ? { release: values.release } : {}),
    ...(values.detail ? { detail: values.detail } : {}),
  };
}

function readStackFile(path: string): string | undefined {
  try {
    return path && existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  transports: Transports = realTransports,
): Promise<number> {
  const options = parseNotifyArgs(argv);
  if (typeof options === 'string') {
    console.error(`${options}\n${USAGE}`);
    return 2;
  }
  const stackFileText = readStackFile(options.stackFile);
  const event = deployEvent(
    {
      kind: options.event,
      stack: options.stack,
      stackFileText,
      stackFileLabel: options.stackFile,
      services: options.services,
      release: options.release,
      detail: options.detail,
    },
    env,
  );
  const selection = selectChannels(env, transports, {
    kind: event.kind,
    stackFileText,
  });
  const say = (line: string) => console.log(redact(line, selection.secrets));
  say(`deploy event: ${summaryLine(event)}`);
  if (event.imagesNote) say(`images: ${event.imagesNote}`);
  for (const problem of selection.problems) say(`::warning::deploy notification: ${problem}`);
  if (selection.channels.length === 0) {
    say('no notification channel is configured (DEPLOY_WEBHOOK_URL, DEPLOY_EMAIL_TO): nothing sent');
    return 0;
  }
  for (const outcome of await dispatch(event, selection))
    say(outcome.ok ? outcome.message : `::warning::deploy notification: ${outcome.message}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
