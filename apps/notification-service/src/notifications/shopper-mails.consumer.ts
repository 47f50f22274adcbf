import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AmqpConnection, type Delivery, type EventEnvelope, EventConsumer } from '@app/messaging';
import { runWithRequestContext } from '@app/request-context';
import { NotificationMetrics } from './notifications.metrics';
import { NotificationsService } from './notifications.service';
import { readOrderEvent } from './order-event';

/** Its durable queue (after AMQP_QUEUE_PREFIX, which only test runs set). */
export const SHOPPER_MAILS_QUEUE = 'notification-service.shopper-mails';
/** Every order and payment event; the ones without a mail are acknowledged and forgotten. */
export const SHOPPER_MAIL_PATTERNS = ['order.*', 'payment.*'];

/**
 * The queue `notification-service.shopper-mails`: each event becomes at most one mail. Each event's work runs
 * in a request context named by the event id, so its log lines and its call to user-service carry that id.
 */
@Injectable()
export class ShopperMailsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger(ShopperMailsConsumer.name);

  constructor(
    private readonly consumer: EventConsumer,
    private readonly connection: AmqpConnection,
    private readonly notifications: NotificationsService,
    private readonly metrics: NotificationMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.connection.enabled) {
      // Only outside production (start-up refuses it there): the service runs, and mails nobody.
      this.logger.warn({ msg: 'AMQP_URL is not set: no events are consumed and no mails are sent' });
      return;
    }
    await this.consumer.subscribe({
      queue: SHOPPER_MAILS_QUEUE,
      patterns: SHOPPER_MAIL_PATTERNS,
      handle: (event, delivery) => this.handle(event, delivery),
    });
  }

  async handle(envelope: EventEnvelope, delivery: Delivery): Promise<void> {
    const context = { requestId: envelope.id, traceparent: envelope.traceparent, tracestate: envelope.tracestate };
    await runWithRequestContext(context, async () => {
      let event;
      try {
        event = readOrderEvent(envelope);
      } catch (error) {
        this.metrics.notification(envelope.type, 'failed');
        throw error;
      }
      if (event) await this.notifications.notify(event, delivery);
    });
  }
}
