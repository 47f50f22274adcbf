import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type DevSecrets } from './dev-keys';
import { type LocalServiceName, localPortOf } from './services';

const url = (name: LocalServiceName) => `http://127.0.0.1:${localPortOf(name)}`;

/** The sender of every local mail (notification-service's own development default); the catcher takes any. */
export const LOCAL_MAIL_FROM = 'Shop <no-reply@shop.localhost>';

/** The access tokens' iss and aud locally (the services' defaults, stated): user-service's, the services' and the edge's. */
export const LOCAL_JWT = { issuer: 'ecommerce-user-service', audience: 'ecommerce-api' };

/** Settings every service shares locally; written to .dev/local.env for `nest start <app> --watch`. */
export function sharedDevEnv(mongoUri: string, secrets: DevSecrets): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    MONGODB_URI: mongoUri,
    JWT_PUBLIC_KEY_FILE: secrets.publicKeyFile,
    JWT_ISSUER: LOCAL_JWT.issuer,
    JWT_AUDIENCE: LOCAL_JWT.audience,
    // The local edge is one proxy hop in front of every service, as the ALB is in the cluster.
    TRUST_PROXY: '1',
    SHUTDOWN_DRAIN_MS: '0',
    USER_SERVICE_URL: url('user-service'),
    PRODUCT_SERVICE_URL: url('product-service'),
    CART_SERVICE_URL: url('cart-service'),
  };
}

/** The access tokens a run's services accept, for the edge's check: their JWT_ISSUER and JWT_AUDIENCE. */
export function localAuthOf(env: Record<string, string>): { issuer: string; audience: string } {
  return { issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE };
}

/** What one service gets on top of the shared settings: its port, and its own secrets. */
export function serviceDevEnv(name: LocalServiceName, secrets: DevSecrets): Record<string, string> {
  const env: Record<string, string> = { PORT: String(localPortOf(name)) };
  if (name === 'user-service') {
    env.JWT_PRIVATE_KEY_FILE = secrets.privateKeyFile;
    // user-service holds only hashes of the client secrets (docs/contracts/internal-api.md).
    env.SERVICE_CLIENTS = JSON.stringify(
      secrets.serviceClients.map(({ clientId, clientSecret }) => ({
        clientId,
        secretSha256: createHash('sha256').update(clientSecret).digest('hex'),
      })),
    );
  }
  const client = secrets.serviceClients.find((candidate) => candidate.clientId === name);
  if (client) {
    env.SERVICE_CLIENT_ID = client.clientId;
    env.SERVICE_CLIENT_SECRET = client.clientSecret;
  }
  return env;
}

export interface LocalMessaging {
  /** The broker of this run; absent, the bus is off and order-service keeps its events in the outbox. */
  amqpUrl?: string;
  /** An exchange and a consumer-queue prefix of this run's own (test runs sharing one broker); absent, the
   * services' defaults. */
  exchange?: string;
  queuePrefix?: string;
  /** Where notification-service delivers mail (the local catcher, or a test's SMTP server). */
  smtpUrl?: string;
  /** The shop's address in the links of the mails: the local edge. */
  shopUrl?: string;
}

/** The bus and mail settings of the services that use them: order-service publishes, notification-service mails. */
export function messagingDevEnv(name: LocalServiceName, messaging: LocalMessaging): Record<string, string> {
  if (name !== 'order-service' && name !== 'notification-service') return {};
  const env: Record<string, string> = {};
  if (messaging.amqpUrl) env.AMQP_URL = messaging.amqpUrl;
  if (messaging.exchange) env.AMQP_EXCHANGE = messaging.exchange;
  if (messaging.queuePrefix) env.AMQP_QUEUE_PREFIX = messaging.queuePrefix;
  if (name === 'notification-service') {
    env.MAIL_TRANSPORT = 'smtp';
    env.MAIL_FROM = LOCAL_MAIL_FROM;
    if (messaging.smtpUrl) env.SMTP_URL = messaging.smtpUrl;
    if (messaging.shopUrl) env.SHOP_URL = messaging.shopUrl;
  }
  return env;
}

export function writeEnvFile(file: string, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  writeFileSync(
    file,
    `# Written by npm run db / npm run dev for local development. Do not commit.\n${lines.join('\n')}\n`,
    { mode: 0o600 },
  );
}
