import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import { type MailRoute, type OutgoingMail, type Transports } from './notifier';
import { type SlackMessage } from './notification';

/** No channel may hold a deploy job longer than this. */
export const SEND_TIMEOUT_MS = 10_000;

/** Posts to a Slack incoming webhook; Slack answers 200 `ok`, or an error word (`no_service`, `invalid_payload`). */
export async function postWebhook(url: string, body: SlackMessage, timeoutMs = SEND_TIMEOUT_MS): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // fetch's own message is a bare "fetch failed"; the cause says why (the notifier redacts what it prints).
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`webhook unreachable (${cause?.code ?? cause?.message ?? (error as Error).name})`);
  }
  if (!response.ok) {
    const answer = (await response.text().catch(() => '')).slice(0, 120).replace(/\s+/g, ' ');
    throw new Error(`webhook refused with HTTP ${response.status}${answer ? ` ${answer}` : ''}`);
  }
}

/**
 * Sends through nodemailer, as notification-service does (apps/notification-service/src/mails/mail-transport.ts):
 * SES v2 SendEmail with the SDK's default credentials (the deploy job's OIDC role), or an SMTP relay.
 */
export async function sendMail(route: MailRoute, mail: OutgoingMail, timeoutMs = SEND_TIMEOUT_MS): Promise<void> {
  const transport =
    route.kind === 'ses'
      ? nodemailer.createTransport({
          SES: {
            sesClient: new SESv2Client({
              region: route.region,
              maxAttempts: 2,
              requestHandler: { requestTimeout: timeoutMs },
            }),
            SendEmailCommand,
          },
        })
      : nodemailer.createTransport({
          url: route.url,
          connectionTimeout: timeoutMs,
          greetingTimeout: timeoutMs,
          socketTimeout: timeoutMs,
        });
  try {
    await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}

export const realTransports: Transports = { postWebhook, sendMail };
