import { type DeployEvent, type DeployEventKind, NEEDS_ACTION } from './deploy-event';

interface Wording {
  icon: string;
  /** What happened, after "<stack>: ". */
  headline: string;
  /** What the listed images are, after this event. */
  images: string;
}

const WORDING: Record<DeployEventKind, Wording> = {
  started: { icon: ':rocket:', headline: 'deploy started', images: 'Deploying' },
  promoted: { icon: ':white_check_mark:', headline: 'deploy promoted', images: 'Now serving' },
  aborted: {
    icon: ':no_entry:',
    headline: 'deploy aborted, the previous version still serves',
    images: 'Not deployed',
  },
  'rolled-back': { icon: ':leftwards_arrow_with_hook:', headline: 'rolled back', images: 'Restored' },
  'rollback-failed': { icon: ':rotating_light:', headline: 'ROLLBACK FAILED', images: 'Could not restore' },
  failed: { icon: ':warning:', headline: 'deploy needs attention', images: 'Images' },
};

export const shortCommit = (commit: string): string => (/^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit);

/** `sha256:0123456789ab` : enough to tell digests apart in a chat line. */
const shortDigest = (digest: string): string => digest.slice(0, 'sha256:'.length + 12);

/** "release 0.1.57, commit abc1234" or "commit abc1234". */
function versionPhrase(event: DeployEvent): string {
  const commit = `commit ${shortCommit(event.commit)}`;
  return event.release ? `release ${event.release}, ${commit}` : commit;
}

function servicesPhrase(event: DeployEvent): string {
  if (event.images.length === 0) return 'images unknown';
  if (event.images.length === 1) return `${event.images[0].service} ${shortDigest(event.images[0].digest)}`;
  return `${event.images.length} services`;
}

/** One line that says everything: chat previews, mobile pushes, the log of the step. */
export function summaryLine(event: DeployEvent): string {
  const wording = WORDING[event.kind];
  const detail = event.detail ? ` ${event.detail}` : '';
  return `${event.stack}: ${wording.headline} (${versionPhrase(event)}; ${servicesPhrase(event)}).${detail}`;
}

/** Slack's mrkdwn treats these three as control characters; everything else is shown as written. */
const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function imageLines(event: DeployEvent): string[] {
  const width = Math.max(0, ...event.images.map((image) => image.service.length));
  const lines = event.images.map((image) => `${image.service.padEnd(width)}  ${image.repository}@${image.digest}`);
  return event.imagesNote ? [...lines, `(${event.imagesNote})`] : lines;
}

type TextObject = { type: 'mrkdwn' | 'plain_text'; text: string };
export interface SlackMessage {
  /** Shown in notifications and by clients without Block Kit. */
  text: string;
  blocks: (
    { type: 'section'; text?: TextObject; fields?: TextObject[] } | { type: 'context'; elements: TextObject[] }
  )[];
}

/** The incoming-webhook body: a summary `text` plus Block Kit sections with the stack, version, images and run. */
export function slackMessage(event: DeployEvent): SlackMessage {
  const wording = WORDING[event.kind];
  const runId = event.runUrl.split('/').pop();
  const headline = `${wording.icon} *${escapeMrkdwn(event.stack)}*: ${wording.headline}`;
  const fields: TextObject[] = [
    { type: 'mrkdwn', text: `*Stack*\n${escapeMrkdwn(event.stack)}` },
    { type: 'mrkdwn', text: `*Release*\n${event.release ? escapeMrkdwn(event.release) : 'n/a'}` },
    { type: 'mrkdwn', text: `*Commit*\n\`${escapeMrkdwn(shortCommit(event.commit))}\`` },
    { type: 'mrkdwn', text: `*Run*\n<${event.runUrl}|run ${escapeMrkdwn(runId ?? '')}>` },
  ];
  const context = [event.actor && `by ${event.actor}`, event.repository].filter(Boolean).join(' · ');
  return {
    text: `${wording.icon} ${escapeMrkdwn(summaryLine(event))} ${event.runUrl}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: event.detail ? `${headline}\n${escapeMrkdwn(event.detail)}` : headline },
      },
      { type: 'section', fields },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${wording.images}*\n\`\`\`${escapeMrkdwn(imageLines(event).join('\n'))}\`\`\``,
        },
      },
      ...(context
        ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: escapeMrkdwn(context) }] }]
        : []),
    ],
  };
}

export interface EmailMessage {
  subject: string;
  text: string;
}

/** A plain-text mail: the subject says stack, outcome and version; the body lists every image and the run. */
export function emailMessage(event: DeployEvent): EmailMessage {
  const wording = WORDING[event.kind];
  const urgent = NEEDS_ACTION.has(event.kind) ? 'ACTION NEEDED: ' : '';
  const rows: [string, string | undefined][] = [
    ['Stack', event.stack],
    ['Release', event.release],
    ['Commit', event.commit],
    ['Run', event.runUrl],
    ['Started by', event.actor],
    ['Repository', event.repository],
  ];
  const table = rows.filter(([, value]) => value).map(([name, value]) => `${`${name}:`.padEnd(12)}${value}`);
  return {
    subject: `[${event.stack}] ${urgent}${wording.headline} (${versionPhrase(event)})`,
    text: [
      `${event.stack}: ${wording.headline}.`,
      ...(event.detail ? [event.detail] : []),
      '',
      ...table,
      '',
      `${wording.images}:`,
      ...imageLines(event).map((line) => `  ${line}`),
      '',
      `Logs, summary and the step that sent this: ${event.runUrl}`,
      '',
    ].join('\n'),
  };
}
