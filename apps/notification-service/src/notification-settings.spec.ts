import { loadServiceConfig } from '@app/config';
import { testKeys } from '../../../test/support/keys';
import { configProblems } from '../../../test/support/settings';
import { NotificationSettings, readNotificationSettings } from './notification-settings';

const identity = {
  name: 'notification-service',
  defaultDatabase: 'ecommerce_notifications',
  title: 'Notifications',
  callsOtherServices: true,
};
const definition = { token: NotificationSettings, read: readNotificationSettings };

const baseEnv = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  JWT_PUBLIC_KEY: testKeys.publicKey,
  USER_SERVICE_URL: 'http://127.0.0.1:3002',
  SERVICE_CLIENT_ID: 'notification-service',
  SERVICE_CLIENT_SECRET: 'client-secret',
};
const productionEnv = {
  ...baseEnv,
  NODE_ENV: 'production',
  AMQP_URL: 'amqps://notifications:secret@mq.internal:5671',
  MAIL_FROM: 'Shop <orders@shop.example>',
  SHOP_URL: 'https://shop.example/',
  AWS_REGION: 'eu-west-1',
};
const developmentEnv = { ...baseEnv, NODE_ENV: 'development', SMTP_URL: 'smtp://127.0.0.1:1025' };

const settingsOf = (env: Record<string, string>): NotificationSettings =>
  loadServiceConfig(identity, env, definition).settings!.value;
const problemsOf = (env: Record<string, string>): string[] => configProblems(identity, env, definition);

describe('notification-service settings', () => {
  it('mails through SES in production, in AWS_REGION, from MAIL_FROM, linking to SHOP_URL', () => {
    expect(settingsOf(productionEnv)).toEqual({
      userServiceUrl: 'http://127.0.0.1:3002',
      shopUrl: 'https://shop.example',
      mail: { transport: 'ses', from: 'Shop <orders@shop.example>', awsRegion: 'eu-west-1' },
    });
  });

  it('mails through SMTP elsewhere, with a development sender and the local edge as the shop', () => {
    expect(settingsOf(developmentEnv)).toMatchObject({
      shopUrl: 'http://localhost:8080',
      mail: { transport: 'smtp', smtpUrl: 'smtp://127.0.0.1:1025', from: 'Shop <no-reply@shop.localhost>' },
    });
  });

  it('names every variable production cannot do without', () => {
    expect(problemsOf({ ...baseEnv, NODE_ENV: 'production' })).toEqual(
      expect.arrayContaining([
        'AMQP_URL is required with NODE_ENV=production',
        'SHOP_URL is required with NODE_ENV=production',
        'MAIL_FROM is required with NODE_ENV=production',
        'AWS_REGION is required with MAIL_TRANSPORT=ses',
      ]),
    );
  });

  it('needs SMTP_URL with the SMTP transport, and only smtp: or smtps:', () => {
    expect(problemsOf({ ...baseEnv, NODE_ENV: 'development' })).toContain(
      'SMTP_URL is required with MAIL_TRANSPORT=smtp',
    );
    expect(problemsOf({ ...developmentEnv, SMTP_URL: 'http://127.0.0.1:1025' })).toContain(
      'SMTP_URL must use smtp: or smtps:, got "http:"',
    );
  });

  it('refuses a sender that is not an address and a region that is not one', () => {
    const problems = problemsOf({
      ...developmentEnv,
      MAIL_FROM: 'the shop',
      AWS_REGION: 'Europe',
    });
    expect(problems).toEqual([
      expect.stringContaining('AWS_REGION must be an AWS region'),
      expect.stringContaining('MAIL_FROM must be an address'),
    ]);
  });

  it('needs the user-service URL and client credentials it reads contacts with', () => {
    const { USER_SERVICE_URL: _url, SERVICE_CLIENT_SECRET: _secret, ...env } = developmentEnv;
    expect(problemsOf(env)).toEqual(
      expect.arrayContaining(['USER_SERVICE_URL is required', 'SERVICE_CLIENT_SECRET is required']),
    );
  });
});
