import { randomUUID } from 'node:crypto';
import { newEvent, type OrderEventPayload, type OrderEventType } from '@app/messaging';
import { brokerAdmin, busFor, testAmqpUrl } from '../../../../libs/messaging/src/messaging-fixture';
import { eventually, http } from '../../../../test/support/http';
import { startTestService, type TestService } from '../../../../test/support/test-service';
import { notificationService } from '../../src/notification-service';
import { SHOPPER_MAILS_QUEUE } from '../../src/notifications/shopper-mails.consumer';
import { FakeUserService } from './fake-user-service';
import { SmtpCatcher } from '../../../../test/support/smtp-catcher';

export const MAIL_FROM = 'Shop <orders@shop.example>';
const RETRY_BASE_MS = 100;
const MAX_ATTEMPTS = 3;

/**
 * notification-service against the real RabbitMQ (an exchange and queue of this run's own, removed after),
 * the resolved test database, a fake user-service and an in-process SMTP server; plus a publisher standing in
 * for order-service on the same exchange.
 */
export async function startNotifications() {
  const exchange = `test.events.${randomUUID()}`;
  const queuePrefix = `test-${randomUUID()}.`;
  const queue = `${queuePrefix}${SHOPPER_MAILS_QUEUE}`;
  const users = await new FakeUserService().start();
  const smtp = await new SmtpCatcher().start();
  const service: TestService = await startTestService(notificationService, {
    LOG_LEVEL: 'warn',
    AMQP_URL: testAmqpUrl(),
    AMQP_EXCHANGE: exchange,
    AMQP_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    AMQP_RETRY_BASE_MS: String(RETRY_BASE_MS),
    AMQP_QUEUE_PREFIX: queuePrefix,
    SMTP_URL: smtp.url,
    MAIL_FROM,
    SHOP_URL: 'https://shop.example',
    USER_SERVICE_URL: users.url,
    SERVICE_CLIENT_ID: 'notification-service',
    SERVICE_CLIENT_SECRET: users.clientSecret,
    // Each failed lookup reaches the bus at once, so its retries are the ones under test.
    HTTP_RETRIES: '0',
  });
  const bus = busFor({ exchange, maxAttempts: MAX_ATTEMPTS, retryBaseMs: RETRY_BASE_MS });
  const admin = await brokerAdmin();
  // Ready means consuming: the queue is declared and bound, so nothing published from here on is unrouted.
  await eventually(async () => (await http(service.baseUrl, '/health/ready')).status === 200);
  await eventually(async () => bus.publisher.available);

  return {
    service,
    users,
    smtp,
    queue,
    admin,
    /** Publishes as order-service does (persistent, confirmed), with a given event id when the test needs it. */
    async publish(type: OrderEventType, payload: OrderEventPayload, id: string = randomUUID()): Promise<string> {
      await bus.publisher.publish(newEvent(type, payload, { source: 'order-service', id }));
      return id;
    },
    /** Any event at all, e.g. one of a type the service does not mail about. */
    async publishOther(type: string, payload: object): Promise<void> {
      await bus.publisher.publish(newEvent(type, payload, { source: 'order-service' }));
    },
    /** The service's /metrics value of one notifications_sent_total series (0 when absent). */
    async sentTotal(type: string, outcome: string): Promise<number> {
      const { text } = await http(service.baseUrl, '/metrics');
      const line = text
        .split('\n')
        .find((each) => each.startsWith(`notifications_sent_total{type="${type}",outcome="${outcome}"}`));
      return line ? Number(line.split(' ').pop()) : 0;
    },
    async close(): Promise<void> {
      await service.close();
      await bus.close();
      await admin.remove(exchange, [queue], RETRY_BASE_MS, MAX_ATTEMPTS);
      await admin.close();
      await Promise.all([users.stop(), smtp.stop()]);
    },
  };
}

export type NotificationsUnderTest = Awaited<ReturnType<typeof startNotifications>>;

/** An order as order-service's events carry it, for a shopper of the test's choosing. */
export function orderOf(userId: string, changes: Partial<OrderEventPayload> = {}): OrderEventPayload {
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  return {
    orderId: randomUUID().replace(/-/g, '').slice(0, 24),
    number: `ORD-260101-${suffix}`,
    userId,
    status: 'PENDING_PAYMENT',
    currency: 'EUR',
    subtotal: 5497,
    total: 5497,
    lines: [
      { sku: 'MUG-1', name: 'Mug', unitPrice: 1299, quantity: 2, lineTotal: 2598 },
      { sku: 'TEE-L', name: 'T-shirt <Large>', unitPrice: 2899, quantity: 1, lineTotal: 2899 },
    ],
    placedAt: '2026-01-01T10:00:00.000Z',
    paymentDeadline: '2026-01-01T10:15:00.000Z',
    paid: false,
    ...changes,
  };
}

export const newUserId = (): string => randomUUID().replace(/-/g, '').slice(0, 24);
