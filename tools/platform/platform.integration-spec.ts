import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'amqplib';
import { assertConsumerTopology, retryDelays } from '../../libs/messaging/src/topology';
import { LOCAL_SERVICES } from '../dev/services';
import { freePort } from './free-port';
import { type Platform, startPlatform } from './platform';
import { mainOf } from './service-process';

/**
 * startPlatform against stand-ins at the built-output paths of a scratch working directory: each answers
 * /health/ready and reports the env it was started with, so what every process gets, what the edge routes, and a
 * restart can be checked without building the services.
 */
const STAND_IN = `
  const server = require('node:http').createServer((request, response) => {
    if (request.url === '/health/ready') return response.writeHead(200).end();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ pid: process.pid, env: process.env }));
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
const messaging = { amqpUrl: 'amqp://guest:guest@127.0.0.1:5672', smtpUrl: 'smtp://127.0.0.1:2525' };

const original = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'platform-'));
const running: Platform[] = [];

beforeAll(() => {
  for (const { name } of LOCAL_SERVICES) {
    mkdirSync(dirname(join(scratch, mainOf(name))), { recursive: true });
    writeFileSync(join(scratch, mainOf(name)), STAND_IN);
  }
  process.chdir(scratch);
});
afterAll(async () => {
  for (const platform of running) await platform.stop();
  process.chdir(original);
  rmSync(scratch, { recursive: true, force: true });
});

const start = async (...args: Parameters<typeof startPlatform>) => {
  const platform = await startPlatform(...args);
  running.push(platform);
  return platform;
};
const report = async (url: string) => (await (await fetch(url)).json()) as { pid: number; env: Record<string, string> };

it('with a broker and SMTP server, runs notification-service on the run exchange, unreachable through the edge', async () => {
  const platform = await start('mongodb://127.0.0.1:1', { HTTP_TIMEOUT_MS: '1000' }, messaging);
  expect(Object.keys(platform.services).sort()).toEqual(LOCAL_SERVICES.map(({ name }) => name).sort());
  expect(platform.exchange).toMatch(/^ecommerce\.events\.[a-z0-9]+$/);
  expect(platform.notificationQueue).toMatch(/^system-[a-z0-9]+\.notification-service\.shopper-mails$/);

  const notification = await report(platform.services['notification-service']!.url);
  expect(notification.env).toMatchObject({
    AMQP_URL: messaging.amqpUrl,
    AMQP_EXCHANGE: platform.exchange,
    SMTP_URL: messaging.smtpUrl,
    SHOP_URL: platform.edgeUrl,
    MAIL_TRANSPORT: 'smtp',
    MONGODB_DB_NAME: platform.databases['notification-service'],
    USER_SERVICE_URL: platform.services['user-service'].url,
    SERVICE_CLIENT_ID: 'notification-service',
    HTTP_TIMEOUT_MS: '1000',
  });
  // Through the edge on a public route (its API routes need an access token the stand-ins cannot check).
  const order = await report(`${platform.edgeUrl}/docs/order-service`);
  expect(order.env).toMatchObject({ AMQP_URL: messaging.amqpUrl, AMQP_EXCHANGE: platform.exchange });
  // No public route leads to notification-service.
  expect((await fetch(`${platform.edgeUrl}/docs/notification-service`)).status).toBe(404);
});

it('gives each run an exchange, queues and databases of its own, so parallel runs on one broker never meet', async () => {
  const [first, second] = await Promise.all([
    start('mongodb://127.0.0.1:1', {}, messaging),
    start('mongodb://127.0.0.1:1', {}, messaging),
  ]);
  expect(first.exchange).not.toBe(second.exchange);
  expect(first.notificationQueue).not.toBe(second.notificationQueue);
  expect(first.databases['order-service']).not.toBe(second.databases['order-service']);
});

it('restarts notification-service after a kill -9 with the same port and env, as a crash mid-message would need', async () => {
  const platform = await start('mongodb://127.0.0.1:1', {}, messaging);
  const service = platform.services['notification-service']!;
  const before = await report(service.url);
  await service.stop('SIGKILL');
  await expect(fetch(service.url)).rejects.toThrow();
  await service.start();
  const after = await report(service.url);
  expect(after.pid).not.toBe(before.pid);
  expect(after.env).toEqual(before.env);
});

it('without a broker, runs the four routed services and gives order-service no bus (events wait in its outbox)', async () => {
  const platform = await start('mongodb://127.0.0.1:1');
  expect(platform.services['notification-service']).toBeUndefined();
  expect(Object.keys(platform.services)).toHaveLength(4);
  expect((await report(`${platform.edgeUrl}/docs/order-service`)).env).not.toHaveProperty('AMQP_URL');
});

it('deletes the run exchange from the broker when it stops, and still stops when the broker is gone', async () => {
  const platform = await start('mongodb://127.0.0.1:1', {}, messaging);
  const connection = await connect(messaging.amqpUrl);
  try {
    const channel = await connection.createConfirmChannel();
    // What notification-service declares on start, with the services' default retries.
    await assertConsumerTopology(channel, {
      exchange: platform.exchange,
      queue: platform.notificationQueue,
      patterns: ['order.*', 'payment.*'],
      retryDelaysMs: retryDelays(1_000, 5),
    });
    await channel.close();
    await platform.stop();
    const check = await connection.createChannel();
    check.on('error', () => undefined);
    await expect(check.checkExchange(platform.exchange)).rejects.toThrow('NOT_FOUND');
    const after = await connection.createChannel();
    after.on('error', () => undefined);
    await expect(after.checkQueue(`${platform.notificationQueue}.retry.8000ms`)).rejects.toThrow('NOT_FOUND');
  } finally {
    await connection.close();
  }

  const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const closed = `amqp://guest:guest@127.0.0.1:${await freePort()}`;
  // Not in `running`: afterAll would stop it a second time and warn again.
  const unreachable = await startPlatform('mongodb://127.0.0.1:1', {}, { ...messaging, amqpUrl: closed });
  await expect(unreachable.stop()).resolves.toBeUndefined();
  expect(warnings).toHaveBeenCalledWith(expect.stringContaining(`could not delete ${unreachable.exchange}`));
  warnings.mockRestore();
});
