import Stripe from 'stripe';
import { WebhookSignatureError } from './payments.errors';
import { type PaymentEvent } from './payment-provider';

/** The part of a Stripe event this service reads; both adapters produce and parse this shape. */
export interface StripeEventShape {
  id: string;
  type: string;
  data: { object: Record<string, unknown> };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

function orderIdOf(object: Record<string, unknown>): string | undefined {
  const metadata = object.metadata as Record<string, unknown> | undefined;
  return text(metadata?.orderId);
}

/**
 * The events the order acts on, read from a Stripe event: a PaymentIntent that succeeded or failed, and a
 * charge refunded. Anything else, or an event without the order id this service put in the metadata (a
 * payment made outside this platform), is undefined: answered 2xx and ignored.
 */
export function toPaymentEvent(event: StripeEventShape): PaymentEvent | undefined {
  const object = event.data?.object ?? {};
  const orderId = orderIdOf(object);
  if (!orderId) return undefined;
  switch (event.type) {
    case 'payment_intent.succeeded': {
      const providerPaymentId = text(object.id);
      const amount = count(object.amount_received) ?? count(object.amount);
      if (!providerPaymentId || amount === undefined) return undefined;
      return { id: event.id, type: 'payment.succeeded', orderId, providerPaymentId, amount };
    }
    case 'payment_intent.payment_failed': {
      const providerPaymentId = text(object.id);
      const lastError = object.last_payment_error as Record<string, unknown> | undefined;
      const failureCode = text(lastError?.decline_code) ?? text(lastError?.code) ?? 'payment_failed';
      if (!providerPaymentId) return undefined;
      return { id: event.id, type: 'payment.failed', orderId, providerPaymentId, failureCode };
    }
    case 'charge.refunded': {
      const providerPaymentId = text(object.payment_intent);
      const amountRefunded = count(object.amount_refunded);
      if (!providerPaymentId || amountRefunded === undefined) return undefined;
      return { id: event.id, type: 'payment.refunded', orderId, providerPaymentId, amountRefunded };
    }
    default:
      return undefined;
  }
}

/**
 * Authenticates a delivery signed the way Stripe signs webhooks (HMAC of the raw body with the endpoint's
 * secret, 5-minute timestamp tolerance) and reads it; both adapters take this path.
 */
export function readSignedEvent(
  rawBody: Buffer,
  signature: string | undefined,
  secret: string,
): PaymentEvent | undefined {
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature ?? '', secret);
  } catch {
    throw new WebhookSignatureError();
  }
  return toPaymentEvent(event as StripeEventShape);
}
