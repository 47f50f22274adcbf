import { createHash } from 'node:crypto';
import { notificationQueueOf, platformEnv, platformServices } from './platform-env';

const secrets = {
  privateKeyFile: '/keys/private.pem',
  publicKeyFile: '/keys/public.pem',
  serviceClients: ['cart-service', 'order-service', 'notification-service'].map((clientId) => ({
    clientId,
    clientSecret: `${clientId}-secret`,
  })),
};
const ports = {
  'product-service': 41001,
  'user-service': 41002,
  'cart-service': 41003,
  'order-service': 41004,
  'notification-service': 41005,
};
const base = { mongoUri: 'mongodb://127.0.0.1:27017', secrets, run: 'r1', ports, edgeUrl: 'http://127.0.0.1:41000' };
const messaging = { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', smtpUrl: 'smtp://127.0.0.1:2525' };

describe('the env of each service of a platform run', () => {
  it('runs all five services with a bus, and notification-service only with one', () => {
    expect(platformServices(messaging)).toEqual([
      'product-service',
      'user-service',
      'cart-service',
      'order-service',
      'notification-service',
    ]);
    expect(platformServices({})).not.toContain('notification-service');
    expect(platformServices({ smtpUrl: messaging.smtpUrl })).not.toContain('notification-service');
  });

  it('refuses a bus without an SMTP server: notification-service would have nowhere to deliver', () => {
    expect(() => platformServices({ amqpUrl: messaging.amqpUrl })).toThrow('needs an smtpUrl');
  });

  it('gives order-service the broker and an exchange of the run, and the sandbox payments', () => {
    const order = platformEnv({ ...base, ...messaging })['order-service'];
    expect(order).toMatchObject({
      AMQP_URL: messaging.amqpUrl,
      AMQP_EXCHANGE: 'ecommerce.events.r1',
      AMQP_QUEUE_PREFIX: 'system-r1.',
      PAYMENT_PROVIDER: 'sandbox',
      NODE_ENV: 'test',
      PORT: '41004',
      MONGODB_DB_NAME: 'system_r1_order',
      SERVICE_CLIENT_ID: 'order-service',
    });
    expect(order).not.toHaveProperty('SMTP_URL');
  });

  it('gives notification-service the run broker, exchange and queue prefix, SMTP, a sender, the shop, user-service and its client secret', () => {
    expect(platformEnv({ ...base, ...messaging })['notification-service']).toMatchObject({
      NODE_ENV: 'production',
      PORT: '41005',
      MONGODB_URI: base.mongoUri,
      MONGODB_DB_NAME: 'system_r1_notification',
      AMQP_URL: messaging.amqpUrl,
      AMQP_EXCHANGE: 'ecommerce.events.r1',
      AMQP_QUEUE_PREFIX: 'system-r1.',
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: messaging.smtpUrl,
      MAIL_FROM: 'Shop <no-reply@shop.localhost>',
      SHOP_URL: 'http://127.0.0.1:41000',
      USER_SERVICE_URL: 'http://127.0.0.1:41002',
      SERVICE_CLIENT_ID: 'notification-service',
      SERVICE_CLIENT_SECRET: 'notification-service-secret',
    });
  });

  it('lets user-service verify notification-service as a client, by the hash of its secret only', () => {
    const clients = JSON.parse(platformEnv({ ...base, ...messaging })['user-service']!.SERVICE_CLIENTS) as unknown[];
    expect(clients).toContainEqual({
      clientId: 'notification-service',
      secretSha256: createHash('sha256').update('notification-service-secret').digest('hex'),
    });
  });

  it('keeps the bus away from the services that do not use it, and off entirely without a broker', () => {
    const withBus = platformEnv({ ...base, ...messaging });
    for (const name of ['product-service', 'user-service', 'cart-service'] as const) {
      expect(withBus[name]).not.toHaveProperty('AMQP_URL');
      expect(withBus[name]).not.toHaveProperty('AMQP_EXCHANGE');
      expect(withBus[name]).not.toHaveProperty('AMQP_QUEUE_PREFIX');
    }
    const withoutBus = platformEnv(base);
    expect(withoutBus['order-service']).not.toHaveProperty('AMQP_URL');
    expect(withoutBus['order-service']).not.toHaveProperty('AMQP_EXCHANGE');
    expect(withoutBus['notification-service']).toBeUndefined();
  });

  it('applies the caller settings to every service, under what a run must own (ports, databases, bus)', () => {
    const envs = platformEnv({
      ...base,
      ...messaging,
      extraEnv: {
        HTTP_TIMEOUT_MS: '1000',
        AMQP_MAX_ATTEMPTS: '2',
        MONGODB_DB_NAME: 'shared',
        AMQP_EXCHANGE: 'x',
        AMQP_QUEUE_PREFIX: 'y.',
      },
    });
    for (const env of Object.values(envs))
      expect(env).toMatchObject({ HTTP_TIMEOUT_MS: '1000', AMQP_MAX_ATTEMPTS: '2' });
    expect(envs['notification-service']).toMatchObject({
      MONGODB_DB_NAME: 'system_r1_notification',
      AMQP_EXCHANGE: 'ecommerce.events.r1',
      AMQP_QUEUE_PREFIX: 'system-r1.',
    });
  });

  it("names notification-service's queue of the run after the prefix, and after NOTIFICATION_QUEUE when set", () => {
    expect(notificationQueueOf('r1')).toBe('system-r1.notification-service.shopper-mails');
    expect(notificationQueueOf('r1', { NOTIFICATION_QUEUE: 'mails' })).toBe('system-r1.mails');
  });
});
