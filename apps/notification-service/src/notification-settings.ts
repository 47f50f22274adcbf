import { type EnvReader } from '@app/config';

export type MailTransportKind = 'smtp' | 'ses';

export interface MailSettings {
  /** SMTP locally (a catcher such as maildev), Amazon SES in AWS. */
  transport: MailTransportKind;
  /** smtp: or smtps: URL, with credentials when the server needs them (a secret then). */
  smtpUrl?: string;
  /** The sender: `Shop <orders@shop.example>` or a bare address; its domain also names the Message-IDs. */
  from: string;
  /** SES's region; credentials come from the default chain (IRSA in the cluster), never from keys here. */
  awsRegion?: string;
}

/** What only notification-service reads: where to mail from and through, and where user-service is. */
export abstract class NotificationSettings {
  /** user-service, for the shoppers' contacts (validated by ServiceConfig as USER_SERVICE_URL). */
  abstract readonly userServiceUrl: string;
  /** The shop's web address, for the links in mails. */
  abstract readonly shopUrl: string;
  abstract readonly mail: MailSettings;
}

const DEVELOPMENT_FROM = 'Shop <no-reply@shop.localhost>';
// A bare address or `Display Name <address>`; nodemailer does the full RFC 5322 parsing when it sends.
const MAIL_FROM = /^(?:[^<>@\r\n]*<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

function readMailSettings(env: EnvReader, production: boolean): MailSettings {
  const transport = env.oneOf('MAIL_TRANSPORT', ['smtp', 'ses'] as const, production ? 'ses' : 'smtp');
  const smtpUrl = env.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
  if (transport === 'smtp' && !smtpUrl) env.problem('SMTP_URL is required with MAIL_TRANSPORT=smtp');
  const awsRegion = env.optionalString('AWS_REGION');
  if (transport === 'ses' && !awsRegion) env.problem('AWS_REGION is required with MAIL_TRANSPORT=ses');
  else if (awsRegion && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(awsRegion))
    env.problem(`AWS_REGION must be an AWS region like eu-west-1, got "${awsRegion}"`);
  const from = env.optionalString('MAIL_FROM');
  if (production && !from) env.problem('MAIL_FROM is required with NODE_ENV=production');
  else if (from && !MAIL_FROM.test(from))
    env.problem('MAIL_FROM must be an address (orders@shop.example) or "Name <orders@shop.example>"');
  return {
    transport,
    ...(smtpUrl ? { smtpUrl } : {}),
    from: from ?? DEVELOPMENT_FROM,
    ...(awsRegion ? { awsRegion } : {}),
  };
}

export function readNotificationSettings(env: EnvReader): NotificationSettings {
  const production =
    env.oneOf('NODE_ENV', ['production', 'development', 'test'] as const, 'production') === 'production';
  // A consumer without its broker does nothing at all; elsewhere it starts and says so (docs in README).
  if (production && !env.optionalString('AMQP_URL')) env.problem('AMQP_URL is required with NODE_ENV=production');
  const shopUrl = env.optionalUrl('SHOP_URL', ['http:', 'https:']);
  if (production && !shopUrl) env.problem('SHOP_URL is required with NODE_ENV=production');
  return {
    // ServiceConfig requires and validates USER_SERVICE_URL (callsOtherServices); read here only as a value.
    userServiceUrl: env.optionalString('USER_SERVICE_URL') ?? '',
    shopUrl: (shopUrl ?? 'http://localhost:8080').replace(/\/+$/, ''),
    mail: readMailSettings(env, production),
  };
}
