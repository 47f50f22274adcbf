import { eventually, http } from '../../../test/support/http';
import { messageIdFor } from '../src/mails/message-id';
import { NotificationRepository } from '../src/notifications/notification.repository';
import {
  MAIL_FROM,
  newUserId,
  type NotificationsUnderTest,
  orderOf,
  startNotifications,
} from './support/notifications-under-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notification-service: shopper mails from order events (RabbitMQ, SMTP, user-service)', () => {
  let app: NotificationsUnderTest;
  const ada = newUserId();

  beforeAll(async () => {
    app = await startNotifications();
    app.users.contacts.set(ada, { email: 'ada@example.com', name: 'Ada Lovelace' });
  });
  afterAll(async () => app.close());

  const mailOf = async (eventId: string) => {
    const messageId = messageIdFor(eventId, MAIL_FROM);
    await eventually(async () => app.smtp.withMessageId(messageId).length > 0);
    return app.smtp.withMessageId(messageId);
  };

  it('is ready once it consumes from the broker and has its database; liveness needs neither', async () => {
    const ready = await http(app.service.baseUrl, '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.json.info).toMatchObject({ mongodb: { status: 'up' }, 'message-broker': { status: 'up' } });
    expect((await http(app.service.baseUrl, '/health/live')).status).toBe(200);
  });

  it('mails the shopper once per event, to their address, with the order number and lines', async () => {
    const order = orderOf(ada);
    const placed = await app.publish('order.placed', order);
    const [mail] = await mailOf(placed);
    expect(mail.envelopeTo).toEqual(['ada@example.com']);
    expect(mail.message.to).toMatchObject({ value: [{ address: 'ada@example.com', name: 'Ada Lovelace' }] });
    expect(mail.message.from?.value[0].address).toBe('orders@shop.example');
    expect(mail.message.subject).toBe(`We received your order ${order.number}`);
    expect(mail.message.text).toContain('- Mug (MUG-1): 2 x €12.99 = €25.98');
    expect(mail.message.text).toContain('- T-shirt <Large> (TEE-L): 1 x €28.99 = €28.99');
    expect(mail.message.text).toContain('Total: €54.97');
    expect(mail.message.text).toContain('Pay by: 1 Jan 2026, 10:15 UTC');
    expect(mail.message.html).toContain('T-shirt &lt;Large&gt;');

    const paid = await app.publish('order.paid', { ...order, status: 'CONFIRMED', paid: true });
    const shipped = await app.publish('order.shipped', { ...order, status: 'SHIPPED', paid: true });
    expect((await mailOf(paid))[0].message.subject).toBe(`Payment confirmed for your order ${order.number}`);
    expect((await mailOf(shipped))[0].message.subject).toBe(`Your order ${order.number} has shipped`);
    const record = await app.service.app.get(NotificationRepository).find(paid);
    expect(record).toMatchObject({ state: 'sent', attempts: 1, messageId: messageIdFor(paid, MAIL_FROM) });
  });

  it('sends nothing more for a second delivery of an event already mailed, however it arrives', async () => {
    const order = orderOf(ada, { status: 'CANCELLED', reason: 'PAYMENT_EXPIRED' });
    const id = await app.publish('order.cancelled', order);
    await mailOf(id);
    const duplicatesBefore = await app.sentTotal('order.cancelled', 'duplicate');
    await app.publish('order.cancelled', order, id);
    await app.publish('order.cancelled', order, id);
    await eventually(async () => (await app.sentTotal('order.cancelled', 'duplicate')) === duplicatesBefore + 2);
    expect(app.smtp.withMessageId(messageIdFor(id, MAIL_FROM))).toHaveLength(1);
  });

  it('mails once when the same event arrives twice at the same moment', async () => {
    const order = orderOf(ada, { status: 'DELIVERED', paid: true });
    const id = newUserId();
    await Promise.all([app.publish('order.delivered', order, id), app.publish('order.delivered', order, id)]);
    await mailOf(id);
    await eventually(async () => (await app.service.app.get(NotificationRepository).find(id))?.state === 'sent');
    await sleep(1_000); // the other copy may be waiting out a retry delay: it must still send nothing
    expect(app.smtp.withMessageId(messageIdFor(id, MAIL_FROM))).toHaveLength(1);
  });

  it('skips a shopper user-service does not know (or has disabled), for good: no mail, no retries', async () => {
    const gone = newUserId();
    const id = await app.publish('order.paid', orderOf(gone, { status: 'CONFIRMED', paid: true }));
    const repository = app.service.app.get(NotificationRepository);
    await eventually(async () => (await repository.find(id))?.state === 'skipped');
    await sleep(1_000); // longer than every retry delay together
    expect(app.users.lookups.get(gone)).toBe(1);
    expect(app.smtp.withMessageId(messageIdFor(id, MAIL_FROM))).toEqual([]);
    expect(await app.sentTotal('order.paid', 'skipped')).toBe(1);
    expect(await app.admin.depth(`${app.queue}.dead`)).toBe(0);
  });

  it('retries through the bus while user-service fails, then mails once', async () => {
    const grace = newUserId();
    app.users.contacts.set(grace, { email: 'grace@example.com', name: 'Grace Hopper' });
    app.users.failNext(grace, 1);
    const order = orderOf(grace, { status: 'CANCELLED', cancelledBy: 'shopper', paid: true });
    const id = await app.publish('payment.refunded', { ...order, refundedAmount: 5497 });
    const [mail] = await mailOf(id);
    expect(mail.envelopeTo).toEqual(['grace@example.com']);
    expect(mail.message.subject).toBe(`Refund of €54.97 for your order ${order.number}`);
    expect(app.users.lookups.get(grace)).toBe(2);
    expect(await app.service.app.get(NotificationRepository).find(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('mails an event whose record a crashed consumer left `sending` once that claim has run out', async () => {
    const order = orderOf(ada, { status: 'SHIPPED', paid: true });
    const id = newUserId();
    const key = { eventId: id, type: 'order.shipped', orderId: order.orderId, userId: ada };
    // Claimed ten minutes ago for one minute, by a process that never came back.
    const repository = app.service.app.get(NotificationRepository);
    await repository.claim(key, 60_000, false, new Date(Date.now() - 600_000));
    await app.publish('order.shipped', order, id);
    expect(await mailOf(id)).toHaveLength(1);
    await eventually(async () => (await repository.find(id))?.state === 'sent');
    expect(await repository.find(id)).toMatchObject({ attempts: 2 });
  });

  it('dead-letters an event it cannot read at once, passes over types it does not mail, and mails the others', async () => {
    const bad = await app.publish('order.paid', { ...orderOf(ada), currency: 'euros' });
    await app.publishOther('payment.attempted', { orderId: 'x' });
    await eventually(async () => (await app.admin.depth(`${app.queue}.dead`)) === 1);
    expect(app.smtp.withMessageId(messageIdFor(bad, MAIL_FROM))).toEqual([]);
    const good = await app.publish('order.paid', orderOf(ada, { status: 'CONFIRMED', paid: true }));
    expect(await mailOf(good)).toHaveLength(1);
    expect(await app.sentTotal('order.paid', 'failed')).toBeGreaterThanOrEqual(1);
  });
});
