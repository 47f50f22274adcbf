import { type DevSecrets } from '../dev/dev-keys';
import { messagingDevEnv, serviceDevEnv, sharedDevEnv } from '../dev/local-env';
import { LOCAL_SERVICES, type LocalServiceName } from '../dev/services';

export interface PlatformMessaging {
  /** The broker of the run (e.g. the machine's RabbitMQ). Without it the bus is off: order-service keeps its
   * events in the outbox, and notification-service (which has nothing to consume) is not started. */
  amqpUrl?: string;
  /** Where notification-service delivers mail (a test's in-process SMTP server); required with `amqpUrl`. */
  smtpUrl?: string;
}

export interface PlatformEnvInput extends PlatformMessaging {
  mongoUri: string;
  secrets: DevSecrets;
  /** Names this run's databases, exchange and queues, so parallel runs on one server or broker never meet. */
  run: string;
  ports: Record<LocalServiceName, number>;
  /** The run's edge: the shop's address in the links of the mails. */
  edgeUrl: string;
  /** Settings for every service of this run, over the defaults (a test's timeouts, relaxed limits...). */
  extraEnv?: Record<string, string>;
}

/**
 * Locally payments go through the sandbox, which refuses NODE_ENV=production (it moves no money): order-service
 * runs as `test`, with no local env file (ENV_FILE=/dev/null) so it reads only what is given here.
 */
const LOCAL_PAYMENTS = { NODE_ENV: 'test', ENV_FILE: '/dev/null', PAYMENT_PROVIDER: 'sandbox' };

/** notification-service's queue unless NOTIFICATION_QUEUE names another (apps/notification-service). */
const NOTIFICATION_QUEUE = 'notification-service.shopper-mails';

export const exchangeOf = (run: string): string => `ecommerce.events.${run}`;
export const queuePrefixOf = (run: string): string => `system-${run}.`;
export const databaseOf = (run: string, service: LocalServiceName): string => `system_${run}_${service.split('-')[0]}`;

/** notification-service's queue in a run (its `.dead` and `.retry.<n>ms` queues are named after it). */
export const notificationQueueOf = (run: string, extraEnv: Record<string, string> = {}): string =>
  `${queuePrefixOf(run)}${extraEnv.NOTIFICATION_QUEUE ?? NOTIFICATION_QUEUE}`;

/** The services a run starts: all of them with a bus, all but notification-service without one. */
export function platformServices(messaging: PlatformMessaging): LocalServiceName[] {
  if (messaging.amqpUrl && !messaging.smtpUrl)
    throw new Error('startPlatform: notification-service needs an smtpUrl to deliver to when amqpUrl is given');
  return LOCAL_SERVICES.map((service) => service.name).filter(
    (name) => messaging.amqpUrl || name !== 'notification-service',
  );
}

/** What each service of a run gets: production settings, its own database, port, secrets, bus and mail. */
export function platformEnv(input: PlatformEnvInput): Partial<Record<LocalServiceName, Record<string, string>>> {
  const url = (name: LocalServiceName) => `http://127.0.0.1:${input.ports[name]}`;
  const shared = {
    ...sharedDevEnv(input.mongoUri, input.secrets),
    NODE_ENV: 'production',
    USER_SERVICE_URL: url('user-service'),
    PRODUCT_SERVICE_URL: url('product-service'),
    CART_SERVICE_URL: url('cart-service'),
    ...input.extraEnv,
  };
  const messaging = {
    amqpUrl: input.amqpUrl,
    smtpUrl: input.smtpUrl,
    shopUrl: input.edgeUrl,
    ...(input.amqpUrl ? { exchange: exchangeOf(input.run), queuePrefix: queuePrefixOf(input.run) } : {}),
  };
  return Object.fromEntries(
    platformServices(input).map((name) => [
      name,
      {
        ...shared,
        ...serviceDevEnv(name, input.secrets),
        PORT: String(input.ports[name]),
        MONGODB_DB_NAME: databaseOf(input.run, name),
        ...messagingDevEnv(name, messaging),
        ...(name === 'order-service' ? LOCAL_PAYMENTS : {}),
      },
    ]),
  );
}
