import { Injectable, Logger } from '@nestjs/common';
import { type Delivery } from '@app/messaging';
import { Mailer } from '../mails/mailer.service';
import { messageIdFor } from '../mails/message-id';
import { renderOrderMail } from '../mails/order-mails';
import { NotificationSettings } from '../notification-settings';
import { ContactClient } from './contact.client';
import { NotificationRepository } from './notification.repository';
import { type NotificationOutcome, NotificationMetrics } from './notifications.metrics';
import { NotificationInProgressError } from './notifications.errors';
import { type OrderEvent } from './order-event';

/**
 * How long a claim holds: well beyond one attempt (a contact lookup with its retries, and an SMTP exchange
 * bounded by the transport's timeouts), so a live consumer never loses its claim while it mails.
 */
export const CLAIM_LEASE_MS = 120_000;

/**
 * One mail per event, at most once as far as this service can tell: the event id is claimed in MongoDB before
 * anything is sent, recorded `sent` after, and a delivery of an event already sent or skipped sends nothing.
 * The one window left is a crash between the relay accepting the mail and the `sent` record; the redelivery
 * then mails again, with the same Message-ID so the two are recognisably one message.
 */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly records: NotificationRepository,
    private readonly contacts: ContactClient,
    private readonly mailer: Mailer,
    private readonly settings: NotificationSettings,
    private readonly metrics: NotificationMetrics,
  ) {}

  /** Resolves when the event needs no more work; throws for the bus to deliver it again later. */
  async notify(event: OrderEvent, delivery: Delivery): Promise<NotificationOutcome> {
    const { orderId, userId } = event.payload;
    const key = { eventId: event.id, type: event.type, orderId, userId };
    const claim = await this.records.claim(key, CLAIM_LEASE_MS, delivery.redelivered);
    if (!claim.claimed) {
      if (claim.state === 'sending') throw new NotificationInProgressError(event.id);
      return this.outcome(event, 'duplicate', { state: claim.state });
    }
    try {
      return await this.mail(event);
    } catch (error) {
      const why = (error as Error).message;
      await this.records.markFailed(event.id, why).catch(() => undefined);
      this.outcome(event, 'failed', { attempt: delivery.attempt, reason: why });
      throw error;
    }
  }

  private async mail(event: OrderEvent): Promise<NotificationOutcome> {
    const contact = await this.contacts.find(event.payload.userId);
    if (!contact) {
      await this.records.markSkipped(event.id, 'user-service has no active account for this shopper');
      return this.outcome(event, 'skipped', { reason: 'no active account' });
    }
    const mail = renderOrderMail(event.type, event.payload, {
      recipientName: contact.name,
      shopUrl: this.settings.shopUrl,
    });
    const messageId = await this.mailer.send({
      ...mail,
      to: { name: contact.name, address: contact.email },
      messageId: messageIdFor(event.id, this.settings.mail.from),
    });
    await this.records.markSent(event.id, messageId);
    return this.outcome(event, 'sent', { messageId });
  }

  /** Counts and logs what became of the event; never the shopper's address. */
  private outcome(event: OrderEvent, outcome: NotificationOutcome, details: Record<string, unknown>) {
    this.metrics.notification(event.type, outcome);
    const line = { msg: `notification ${outcome}`, eventId: event.id, eventType: event.type, ...details };
    if (outcome === 'failed') this.logger.warn(line);
    else this.logger.log(line);
    return outcome;
  }
}
