import { Injectable, Logger } from '@nestjs/common';
import { type PaymentEvent } from './payment-provider';

type PaymentEventHandler = (event: PaymentEvent) => Promise<void>;

/**
 * Where provider events are applied: the webhook route and the sandbox's simulated webhooks both deliver here,
 * so the order code that applies an event is the same whichever provider sent it. The order feature registers
 * the one handler at start-up.
 */
@Injectable()
export class PaymentEvents {
  private readonly logger = new Logger(PaymentEvents.name);
  private handler?: PaymentEventHandler;

  handleWith(handler: PaymentEventHandler): void {
    this.handler = handler;
  }

  /** Applies an event; rejects when it could not be applied, so the sender retries it. */
  async deliver(event: PaymentEvent): Promise<void> {
    if (!this.handler) throw new Error('no payment event handler is registered');
    this.logger.log({ msg: 'payment event', eventId: event.id, type: event.type, orderId: event.orderId });
    await this.handler(event);
  }
}
