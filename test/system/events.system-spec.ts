import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { deadLetterQueueOf } from '../../libs/messaging/src/topology';
import { testAmqpUrl } from '../../libs/messaging/src/messaging-fixture';
import { buildServices, type Platform, startPlatform } from '../../tools/platform/platform';
import { eventually } from '../support/http';
import { SmtpCatcher } from '../support/smtp-catcher';
import { TcpProxy } from '../support/tcp-proxy';
import { ShopperClient } from './support/shopper-client';

const ADMIN = { email: 'events-admin@example.com', password: 'Events-owner-passphrase-7' };
const ADDRESS = { name: 'Ada Shopper', line1: '1 Test Street', city: 'Berlin', postalCode: '10115', country: 'DE' };

/**
 * The events journeys of issue 13 with every service as its own process: order-service publishing through a
 * broker connection the tests can cut (a TCP proxy in front of the machine's RabbitMQ), notification-service
 * consuming and mailing to an SMTP server in this process, which can also stall to catch it mid-send.
 */
describe('order events and the mails they send', () => {
  const { hostname, port } = new URL(testAmqpUrl());
  const broker = new TcpProxy(hostname, Number(port || 5672));
  const smtp = new SmtpCatcher();
  let platform: Platform;
  let admin: ShopperClient;
  let product: string;

  const brokerUrl = () => {
    const url = new URL(testAmqpUrl());
    url.host = `127.0.0.1:${broker.port}`;
    return url.toString();
  };

  const shopper = async (): Promise<ShopperClient> => {
    const client = new ShopperClient(platform.edgeUrl, `mail-${randomUUID()}@example.com`, `Pw-${randomUUID()}`);
    expect((await client.register('Mail Shopper')).status).toBe(201);
    expect((await client.logIn()).status).toBe(200);
    return client;
  };

  /** Puts one unit in the cart and places the order; its id and number. */
  const placeOrder = async (client: ShopperClient): Promise<{ id: string; number: string }> => {
    const added = await client.call('/api/v1/cart/items', {
      method: 'POST',
      json: { productId: product, quantity: 1 },
    });
    expect(added.status).toBe(201);
    const placed = await client.call('/api/v1/orders', {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      json: { shippingAddress: ADDRESS },
    });
    expect(placed.status).toBe(201);
    return { id: placed.json.id as string, number: placed.json.number as string };
  };

  const pay = async (client: ShopperClient, orderId: string) => {
    const paid = await client.call(`/api/v1/orders/${orderId}/payment`, {
      method: 'POST',
      json: { paymentMethod: 'pm_card_visa' },
    });
    expect(paid.json.status).toBe('succeeded');
  };

  const subjectsTo = (client: ShopperClient) => smtp.to(client.email).map((mail) => mail.message.subject);
  const paymentMails = (client: ShopperClient, number: string) =>
    subjectsTo(client).filter((subject) => subject === `Payment confirmed for your order ${number}`);

  beforeAll(async () => {
    buildServices();
    await broker.start();
    await smtp.start();
    platform = await startPlatform(
      process.env.TEST_MONGODB_URI!,
      {
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        BCRYPT_COST: '10',
        RATE_LIMIT_AUTH_MAX: '1000',
        SANDBOX_EVENT_DELAY_MS: '60000',
        AMQP_RETRY_BASE_MS: '200',
        AMQP_MAX_ATTEMPTS: '3',
      },
      { amqpUrl: brokerUrl(), smtpUrl: smtp.url },
    );
    admin = new ShopperClient(platform.edgeUrl, ADMIN.email, ADMIN.password);
    expect((await admin.logIn()).status).toBe(200);
    const created = await admin.call('/api/v1/products', {
      method: 'POST',
      json: {
        sku: `EVT-MUG-${randomUUID().slice(0, 6)}`,
        name: 'Event mug',
        description: 'A mug for the events journeys',
        price: 1400,
        currency: 'EUR',
        category: 'kitchen',
        tags: ['system'],
      },
    });
    expect(created.status).toBe(201);
    product = created.json.id as string;
    const stocked = await admin.call(`/api/v1/products/${product}/stock`, { method: 'POST', json: { set: 100 } });
    expect(stocked.status).toBe(200);
  }, 300_000);

  afterAll(async () => {
    await platform?.stop();
    await broker.cut();
    await smtp.stop();
  });

  it('a paid order sends "order received" and exactly one "payment confirmed" mail, to the shopper', async () => {
    const ada = await shopper();
    const order = await placeOrder(ada);
    await pay(ada, order.id);

    await eventually(async () => paymentMails(ada, order.number).length === 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The two events are consumed concurrently (prefetch), so their mails may arrive in either order.
    expect(subjectsTo(ada).sort()).toEqual([
      `Payment confirmed for your order ${order.number}`,
      `We received your order ${order.number}`,
    ]);
    const [confirmed] = smtp.to(ada.email).filter((mail) => mail.message.subject?.startsWith('Payment'));
    expect(confirmed.envelopeTo).toEqual([ada.email]);
    expect(confirmed.message.text).toContain('€14.00');
    expect(confirmed.message.html).toContain(order.number);
  });

  it('takes the order while the broker is away, and the mail arrives once the broker is back', async () => {
    const grace = await shopper();
    await broker.cut();
    const order = await placeOrder(grace);
    await pay(grace, order.id);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(subjectsTo(grace)).toEqual([]);

    await broker.start(broker.port);
    await eventually(async () => paymentMails(grace, order.number).length === 1, 40_000);
    expect(subjectsTo(grace)).toHaveLength(2);
  });

  it('notification-service killed in the middle of a mail: the event is redelivered and the mail sent once', async () => {
    const linus = await shopper();
    smtp.stall(linus.email);
    const heldBefore = smtp.held;
    const order = await placeOrder(linus);
    await eventually(async () => smtp.held > heldBefore, 20_000); // "order received" is mid-send
    const notifications = platform.services['notification-service']!;
    await notifications.stop('SIGKILL');
    smtp.resume(linus.email);
    await notifications.start();

    await eventually(async () => subjectsTo(linus).length === 1, 40_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(subjectsTo(linus)).toEqual([`We received your order ${order.number}`]);
  });

  it('a poison message ends in the dead-letter queue and the next events are still mailed', async () => {
    const connection = await connect(testAmqpUrl());
    const channel = await connection.createConfirmChannel();
    channel.publish(platform.exchange, 'order.paid', Buffer.from('{"not":"an envelope"'), { persistent: true });
    await channel.waitForConfirms();
    const deadQueue = deadLetterQueueOf(platform.notificationQueue);

    const alan = await shopper();
    const order = await placeOrder(alan);
    await pay(alan, order.id);
    await eventually(async () => paymentMails(alan, order.number).length === 1, 20_000);
    await eventually(async () => (await channel.checkQueue(deadQueue)).messageCount >= 1, 10_000);
    const dead = await channel.get(deadQueue, { noAck: true });
    expect(dead && dead.content.toString()).toBe('{"not":"an envelope"');
    await connection.close();
  });
});
