import { createHash } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type PaymentEvents } from './payment-events';
import {
  type PaymentAttempt,
  type PaymentEvent,
  PaymentProvider,
  type PaymentRequest,
  type RefundRequest,
  type RefundResult,
} from './payment-provider';
import { PaymentMethodInvalidError } from './payments.errors';
import { sandboxOutcome } from './sandbox-cards';
import { readSignedEvent, type StripeEventShape, toPaymentEvent } from './stripe-event';

export interface SandboxOptions {
  /** Signs and verifies simulated webhooks the way Stripe does, so the webhook route works against it too. */
  webhookSecret: string;
  /** How long after the synchronous answer the simulated webhook arrives. */
  eventDelayMs: number;
}

/** A simulated webhook is retried like Stripe retries one, a few times here. */
const DELIVERY_ATTEMPTS = 5;

const shortHash = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 24);

/**
 * The deterministic payment provider of development and tests: no network, outcomes by the payment-method ids
 * Stripe documents, and the same asynchronous path as Stripe (a Stripe-shaped event delivered shortly after the
 * synchronous answer), so every order code path runs the same with either adapter.
 */
export class SandboxPaymentProvider extends PaymentProvider implements OnApplicationShutdown {
  readonly name = 'sandbox' as const;
  private readonly logger = new Logger(SandboxPaymentProvider.name);
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly events: PaymentEvents,
    private readonly options: SandboxOptions,
  ) {
    super();
  }

  pay(request: PaymentRequest): Promise<PaymentAttempt> {
    const outcome = sandboxOutcome(request.paymentMethod);
    if (!outcome) return Promise.reject(new PaymentMethodInvalidError());
    const providerPaymentId = request.providerPaymentId ?? `pi_sandbox_${shortHash(request.orderId)}`;
    const object = { id: providerPaymentId, amount: request.amount, metadata: { orderId: request.orderId } };
    const eventId = `evt_sandbox_${shortHash(`${request.orderId}:${request.attempt}`)}`;
    if (outcome.status === 'succeeded') {
      this.later({
        id: eventId,
        type: 'payment_intent.succeeded',
        data: { object: { ...object, amount_received: request.amount } },
      });
      return Promise.resolve({ providerPaymentId, status: 'succeeded' });
    }
    if (outcome.status === 'failed') {
      const failed = { ...object, last_payment_error: { code: 'card_declined', decline_code: outcome.failureCode } };
      this.later({ id: eventId, type: 'payment_intent.payment_failed', data: { object: failed } });
      return Promise.resolve({ providerPaymentId, status: 'failed', failureCode: outcome.failureCode });
    }
    return Promise.resolve({
      providerPaymentId,
      status: 'requires_action',
      nextAction: { type: 'use_stripe_sdk' },
      clientSecret: `${providerPaymentId}_secret_sandbox`,
    });
  }

  refund(request: RefundRequest): Promise<RefundResult> {
    const refundId = `re_sandbox_${shortHash(`${request.orderId}:${request.amount}`)}`;
    this.later({
      id: `evt_sandbox_${shortHash(refundId)}`,
      type: 'charge.refunded',
      data: {
        object: {
          payment_intent: request.providerPaymentId,
          amount_refunded: request.amount,
          metadata: { orderId: request.orderId },
        },
      },
    });
    return Promise.resolve({ refundId, amount: request.amount, status: 'succeeded' });
  }

  readWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent | undefined {
    return readSignedEvent(rawBody, signature, this.options.webhookSecret);
  }

  /** Stops simulated webhooks still waiting when the service shuts down. */
  onApplicationShutdown(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private later(event: StripeEventShape, attempt = 1): void {
    const parsed = toPaymentEvent(event);
    if (!parsed) return;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      this.events.deliver(parsed).catch((error: Error) => {
        if (attempt >= DELIVERY_ATTEMPTS) {
          this.logger.error({ msg: 'simulated webhook dropped', eventId: event.id, err: error.message });
          return;
        }
        this.later(event, attempt + 1);
      });
    }, this.options.eventDelayMs * attempt);
    timer.unref();
    this.pending.add(timer);
  }
}
