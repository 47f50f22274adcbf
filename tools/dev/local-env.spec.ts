import { LOCAL_SERVICES } from './services';
import { messagingDevEnv, serviceDevEnv } from './local-env';

const secrets = {
  privateKeyFile: '/k/private.pem',
  publicKeyFile: '/k/public.pem',
  serviceClients: [{ clientId: 'notification-service', clientSecret: 'n-secret' }],
};

describe('the env npm run dev gives each service', () => {
  it('runs five services on 3001-3005, notification-service on 3005 as a service client', () => {
    expect(LOCAL_SERVICES.map(({ name, port }) => `${name}:${port}`)).toEqual([
      'product-service:3001',
      'user-service:3002',
      'cart-service:3003',
      'order-service:3004',
      'notification-service:3005',
    ]);
    expect(serviceDevEnv('notification-service', secrets)).toEqual({
      PORT: '3005',
      SERVICE_CLIENT_ID: 'notification-service',
      SERVICE_CLIENT_SECRET: 'n-secret',
    });
  });

  it('points order- and notification-service at the broker on the default exchange, and mail at the catcher', () => {
    const messaging = {
      amqpUrl: 'amqp://guest:guest@127.0.0.1:5672',
      smtpUrl: 'smtp://127.0.0.1:1025',
      shopUrl: 'http://127.0.0.1:8080',
    };
    expect(messagingDevEnv('order-service', messaging)).toEqual({ AMQP_URL: messaging.amqpUrl });
    expect(messagingDevEnv('notification-service', messaging)).toEqual({
      AMQP_URL: messaging.amqpUrl,
      MAIL_TRANSPORT: 'smtp',
      SMTP_URL: 'smtp://127.0.0.1:1025',
      MAIL_FROM: 'Shop <no-reply@shop.localhost>',
      SHOP_URL: 'http://127.0.0.1:8080',
    });
    expect(messagingDevEnv('cart-service', messaging)).toEqual({});
  });

  it('gives order-service no broker when the bus is off, so its events wait in the outbox', () => {
    expect(messagingDevEnv('order-service', { smtpUrl: 'smtp://127.0.0.1:1025' })).toEqual({});
  });
});
