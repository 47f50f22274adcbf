import { Inject } from '@nestjs/common';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import nodemailer, { type Transporter } from 'nodemailer';
import { type MailSettings } from '../notification-settings';

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');
export const InjectMailTransport = (): ParameterDecorator => Inject(MAIL_TRANSPORT);

/**
 * nodemailer over SMTP (SMTP_URL: a local catcher, or any relay) or Amazon SES (SESv2 SendEmail). SES takes
 * its credentials from the SDK's default chain: the pod's IRSA web identity in the cluster, never keys in env.
 * SMTP waits are bounded well below the consumer's retry delays, so a hung relay fails the attempt instead of
 * holding a message for the default minutes.
 */
export function createMailTransport(mail: MailSettings): Transporter {
  if (mail.transport === 'ses') {
    const sesClient = new SESv2Client({ region: mail.awsRegion });
    return nodemailer.createTransport({ SES: { sesClient, SendEmailCommand } });
  }
  return nodemailer.createTransport({
    url: mail.smtpUrl,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
