import { parse } from 'yaml';
import { type DeployEvent, type DeployEventKind, isDeployEventKind } from './deploy-event';
import { type EmailMessage, emailMessage, type SlackMessage, slackMessage } from './notification';

/** A mail as the email channel hands it to its transport. */
export interface OutgoingMail extends EmailMessage {
  from: string;
  to: string[];
}

/** How the email channel reaches a mailbox: Amazon SES with the job's AWS credentials, or an SMTP relay. */
export type MailRoute = { kind: 'ses'; region: string } | { kind: 'smtp'; url: string };

/**
 * The only code that touches the network. Each throws on failure; the notifier turns that into a warning.
 * Tests inject their own; tools/delivery/lib/transports.ts has the real ones.
 */
export interface Transports {
  postWebhook(url: string, body: SlackMessage): Promise<void>;
  sendMail(route: MailRoute, mail: OutgoingMail): Promise<void>;
}

export interface Channel {
  name: 'slack' | 'email';
  /** What the channel reaches, safe to print (never a URL or a password). */
  target: string;
  send(event: DeployEvent): Promise<void>;
}

export interface ChannelSelection {
  channels: Channel[];
  /** Channels configured wrongly or incompletely: reported, never fatal. */
  problems: string[];
  /** Secrets the selection read; every line the notifier prints has them removed. */
  secrets: string[];
}

const splitList = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
/** `deploys@example.com` or `Deploys <deploys@example.com>`. */
const MAILBOX = /^(?:[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

/**
 * The default sender: an address on the stack's SES identity (`ecommerce:notifications.mailDomain`,
 * pulumi/components/mail.ts), which the deploy role may send from (docs/operations/ci-cd.md#notifications).
 */
export function defaultSender(stackFileText: string | undefined): string | undefined {
  if (stackFileText === undefined) return undefined;
  try {
    const config = (parse(stackFileText) as { config?: Record<string, unknown> } | null)?.config ?? {};
    const domain = (config['ecommerce:notifications'] as { mailDomain?: unknown } | undefined)?.mailDomain;
    return typeof domain === 'string' && domain ? `Deploys <deploys@${domain}>` : undefined;
  } catch {
    return undefined;
  }
}

function webhookProblem(url: string): string | undefined {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' ? undefined : 'is not an http(s) URL';
  } catch {
    return 'is not a URL';
  }
}

function slackChannel(env: NodeJS.ProcessEnv, transports: Transports, selection: ChannelSelection): void {
  const url = env.DEPLOY_WEBHOOK_URL?.trim();
  if (!url) return;
  selection.secrets.push(url);
  const problem = webhookProblem(url);
  if (problem) {
    selection.problems.push(`slack: DEPLOY_WEBHOOK_URL ${problem}; nothing is sent to Slack`);
    return;
  }
  selection.channels.push({
    name: 'slack',
    target: `webhook on ${new URL(url).host}`,
    send: (event) => transports.postWebhook(url, slackMessage(event)),
  });
}

function mailRoute(env: NodeJS.ProcessEnv, selection: ChannelSelection): MailRoute | undefined {
  const smtpUrl = env.DEPLOY_SMTP_URL?.trim();
  if (smtpUrl) {
    selection.secrets.push(smtpUrl);
    try {
      const parsed = new URL(smtpUrl);
      if (parsed.password) selection.secrets.push(parsed.password, decodeURIComponent(parsed.password));
      if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error('not smtp');
    } catch {
      selection.problems.push('email: DEPLOY_SMTP_URL is not an smtp:// or smtps:// URL; no mail is sent');
      return undefined;
    }
    return { kind: 'smtp', url: smtpUrl };
  }
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
  if (!region) {
    selection.problems.push('email: no AWS_REGION for SES (the step runs before the AWS credentials); no mail is sent');
    return undefined;
  }
  return { kind: 'ses', region };
}

function emailChannel(
  env: NodeJS.ProcessEnv,
  transports: Transports,
  selection: ChannelSelection,
  stackFileText: string | undefined,
): void {
  const to = splitList(env.DEPLOY_EMAIL_TO);
  if (to.length === 0) return;
  const invalid = to.filter((address) => !EMAIL.test(address));
  if (invalid.length) {
    selection.problems.push(`email: DEPLOY_EMAIL_TO has invalid addresses (${invalid.join(', ')}); no mail is sent`);
    return;
  }
  const from = env.DEPLOY_EMAIL_FROM?.trim() || defaultSender(stackFileText);
  if (!from || !MAILBOX.test(from)) {
    selection.problems.push(
      from
        ? `email: DEPLOY_EMAIL_FROM "${from}" is not an address; no mail is sent`
        : 'email: no sender (DEPLOY_EMAIL_FROM, or ecommerce:notifications.mailDomain in the stack file); no mail is sent',
    );
    return;
  }
  const route = mailRoute(env, selection);
  if (!route) return;
  selection.channels.push({
    name: 'email',
    target: `${to.join(', ')} via ${route.kind === 'ses' ? `SES (${route.region})` : 'SMTP'}`,
    send: (event) => transports.sendMail(route, { ...emailMessage(event), from, to }),
  });
}

/**
 * Which channels an event goes to, from the job's environment:
 * - Slack when the secret DEPLOY_WEBHOOK_URL is set (an incoming webhook);
 * - email when DEPLOY_EMAIL_TO lists recipients and, if DEPLOY_EMAIL_EVENTS is set, it names this event; sent
 *   through SMTP when the secret DEPLOY_SMTP_URL is set, else through SES in AWS_REGION, from DEPLOY_EMAIL_FROM
 *   or `deploys@` the stack's mail domain.
 */
export function selectChannels(
  env: NodeJS.ProcessEnv,
  transports: Transports,
  options: { kind: DeployEventKind; stackFileText?: string },
): ChannelSelection {
  const selection: ChannelSelection = { channels: [], problems: [], secrets: [] };
  slackChannel(env, transports, selection);
  const emailEvents = splitList(env.DEPLOY_EMAIL_EVENTS);
  const unknown = emailEvents.filter((kind) => !isDeployEventKind(kind));
  if (unknown.length)
    selection.problems.push(`email: DEPLOY_EMAIL_EVENTS names unknown events (${unknown.join(', ')})`);
  if (emailEvents.length === 0 || emailEvents.includes(options.kind))
    emailChannel(env, transports, selection, options.stackFileText);
  return selection;
}

/** Removes every secret (and anything URL-shaped around a webhook host) from a line before it is printed. */
export function redact(text: string, secrets: string[]): string {
  let result = text;
  for (const secret of [...new Set(secrets)].filter((value) => value.length >= 4).sort((a, b) => b.length - a.length))
    result = result.split(secret).join('***');
  return result.replace(/https:\/\/hooks\.slack\.com\/\S+/g, 'https://hooks.slack.com/***');
}

export interface ChannelOutcome {
  channel: Channel['name'];
  ok: boolean;
  /** Printable: already redacted. */
  message: string;
}

/**
 * Sends the event on every channel at once. A channel that fails is reported (a GitHub `::warning::` line) and the
 * others still send: a chat or mail outage never fails or blocks a deploy.
 */
export async function dispatch(event: DeployEvent, selection: ChannelSelection): Promise<ChannelOutcome[]> {
  return Promise.all(
    selection.channels.map(async (channel): Promise<ChannelOutcome> => {
      try {
        await channel.send(event);
        return { channel: channel.name, ok: true, message: `sent to ${channel.name} (${channel.target})` };
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const message = `${channel.name} notification failed (${channel.target}): ${reason}`;
        return { channel: channel.name, ok: false, message: redact(message, selection.secrets) };
      }
    }),
  );
}
