import { Logger } from '@nestjs/common';
import { type Mailer } from '../mails/mailer.service';
import { type NotificationSettings } from '../notification-settings';
import { type ContactClient } from './contact.client';
import { type Claim, type NotificationRepository } from './notification.repository';
import { type NotificationMetrics } from './notifications.metrics';
import { NotificationInProgressError } from './notifications.errors';
import { CLAIM_LEASE_MS, NotificationsService } from './notifications.service';
import { type OrderEvent } from './order-event';

const event: OrderEvent = {
  id: 'evt-1',
  type: 'order.paid',
  payload: {
    orderId: '65b0000000000000000000c1',
    number: 'ORD-1',
    userId: '65a0000000000000000000aa',
    status: 'CONFIRMED',
    currency: 'EUR',
    subtotal: 1000,
    total: 1000,
    lines: [{ sku: 'A', name: 'A', unitPrice: 1000, quantity: 1, lineTotal: 1000 }],
    placedAt: '2026-01-01T10:00:00.000Z',
    paid: true,
  },
};
const first = { attempt: 1, redelivered: false };
const settings = { shopUrl: 'https://shop.example', mail: { from: 'orders@shop.example' } } as NotificationSettings;

/** The notifier's decisions with its collaborators replaced: the database side is covered by the e2e suite. */
function notifierWith(
  claim: Claim,
  contact: { email: string; name: string } | null = { email: 'a@b.example', name: 'A' },
) {
  const records = {
    claim: jest.fn(async () => claim),
    markSent: jest.fn(async () => undefined),
    markSkipped: jest.fn(async () => undefined),
    markFailed: jest.fn(async () => undefined),
  };
  const contacts = { find: jest.fn(async () => contact) };
  const mailer = { send: jest.fn(async () => '<sent@shop.example>') };
  const metrics = { notification: jest.fn() };
  const service = new NotificationsService(
    records as unknown as NotificationRepository,
    contacts as unknown as ContactClient,
    mailer as unknown as Mailer,
    settings,
    metrics as unknown as NotificationMetrics,
  );
  return { service, records, contacts, mailer, metrics };
}

describe('NotificationsService', () => {
  let logged: unknown[];
  beforeEach(() => {
    logged = [];
    for (const level of ['log', 'warn'] as const)
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logged.push(args[0]));
  });
  afterEach(() => jest.restoreAllMocks());

  it('mails a newly claimed event once, with the stable Message-ID, and records it sent', async () => {
    const { service, records, mailer, metrics } = notifierWith({ claimed: true });
    await expect(service.notify(event, first)).resolves.toBe('sent');
    expect(records.claim).toHaveBeenCalledWith(
      { eventId: 'evt-1', type: 'order.paid', orderId: event.payload.orderId, userId: event.payload.userId },
      CLAIM_LEASE_MS,
      false,
    );
    expect(mailer.send).toHaveBeenCalledTimes(1);
    expect(mailer.send).toHaveBeenCalledWith(
      expect.objectContaining({
        to: { name: 'A', address: 'a@b.example' },
        messageId: '<evt-1.notification@shop.example>',
        subject: 'Payment confirmed for your order ORD-1',
      }),
    );
    expect(records.markSent).toHaveBeenCalledWith('evt-1', '<sent@shop.example>');
    expect(metrics.notification).toHaveBeenCalledWith('order.paid', 'sent');
    expect(JSON.stringify(logged)).toContain('evt-1');
    expect(JSON.stringify(logged)).not.toContain('a@b.example');
  });

  it.each(['sent', 'skipped'] as const)(
    'acknowledges an event already %s without mailing or asking for the contact',
    async (state) => {
      const { service, contacts, mailer, metrics } = notifierWith({ claimed: false, state });
      await expect(service.notify(event, { attempt: 1, redelivered: true })).resolves.toBe('duplicate');
      expect(contacts.find).not.toHaveBeenCalled();
      expect(mailer.send).not.toHaveBeenCalled();
      expect(metrics.notification).toHaveBeenCalledWith('order.paid', 'duplicate');
    },
  );

  it('leaves an event another consumer is mailing right now to a later delivery', async () => {
    const { service, mailer } = notifierWith({ claimed: false, state: 'sending' });
    await expect(service.notify(event, first)).rejects.toBeInstanceOf(NotificationInProgressError);
    expect(mailer.send).not.toHaveBeenCalled();
  });

  it('takes over a claim when the broker redelivers (the consumer that held it lost its connection)', async () => {
    const { service, records } = notifierWith({ claimed: true });
    await service.notify(event, { attempt: 1, redelivered: true });
    expect(records.claim).toHaveBeenCalledWith(expect.anything(), CLAIM_LEASE_MS, true);
  });

  it('skips a shopper user-service no longer has, for good: recorded skipped, nothing thrown', async () => {
    const { service, records, mailer, metrics } = notifierWith({ claimed: true }, null);
    await expect(service.notify(event, first)).resolves.toBe('skipped');
    expect(mailer.send).not.toHaveBeenCalled();
    expect(records.markSkipped).toHaveBeenCalledWith('evt-1', expect.any(String));
    expect(metrics.notification).toHaveBeenCalledWith('order.paid', 'skipped');
  });

  it('gives the claim back and throws when mailing fails, so the bus retries the event', async () => {
    const { service, records, mailer, metrics } = notifierWith({ claimed: true });
    mailer.send.mockRejectedValueOnce(new Error('421 try again later'));
    await expect(service.notify(event, first)).rejects.toThrow('421 try again later');
    expect(records.markFailed).toHaveBeenCalledWith('evt-1', '421 try again later');
    expect(records.markSent).not.toHaveBeenCalled();
    expect(metrics.notification).toHaveBeenCalledWith('order.paid', 'failed');
  });

  it('throws when user-service cannot answer (5xx, timeout), without mailing', async () => {
    const { service, contacts, mailer, records } = notifierWith({ claimed: true });
    contacts.find.mockRejectedValueOnce(new Error('user-service is unavailable'));
    await expect(service.notify(event, first)).rejects.toThrow('user-service is unavailable');
    expect(mailer.send).not.toHaveBeenCalled();
    expect(records.markFailed).toHaveBeenCalled();
  });
});
