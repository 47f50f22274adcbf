import { Injectable, Logger } from '@nestjs/common';
import { type PaymentEvent } from './payment-provider';

/** Applies an event: `ignored` when it changed nothing (a redelivery, an unknown order). */
type PaymentEventHandler = (event: PaymentEvent) => Promise<'applied' | 'ignored'>;

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
  async deliver(event: PaymentEvent): Promise<'applied' | 'ignored'> {
    if (!this.handler) throw new Error('no payment event handler is registered');
    const result = await this.handler(event);
    this.logger.log({ msg: 'payment event', eventId: event.id, type: event.type, orderId: event.orderId, result });
    return result;
  }
}
