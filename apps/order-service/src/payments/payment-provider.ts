/**
 * The payment provider port: order-service speaks only this, and an adapter (Stripe in AWS, the deterministic
 * sandbox locally) speaks to the provider. Amounts are integer minor units with an ISO 4217 currency.
 */

/** What a payment attempt came to, as the client is told it. */
export type PaymentAttemptStatus = 'succeeded' | 'requires_action' | 'failed' | 'processing';

export interface PaymentRequest {
  orderId: string;
  /** The order total, computed by the server: never a client value. */
  amount: number;
  currency: string;
  /** Provider payment method id, e.g. `pm_card_visa`. */
  paymentMethod: string;
  /** 1 for the first attempt on the order; each attempt is idempotent on (order, attempt). */
  attempt: number;
  /** The provider payment of an earlier attempt on this order, reused so one order is one provider payment. */
  providerPaymentId?: string;
}

/** What the client must do before the payment can finish (3-D Secure and the like). */
export interface PaymentNextAction {
  type: 'redirect_to_url' | 'use_stripe_sdk';
  redirectUrl?: string;
}

export interface PaymentAttempt {
  providerPaymentId: string;
  status: PaymentAttemptStatus;
  /** Stable code of a failed attempt: the provider's decline code, e.g. `card_declined`, `insufficient_funds`. */
  failureCode?: string;
  nextAction?: PaymentNextAction;
  /** The client secret a browser SDK needs to complete a `requires_action` payment; never logged. */
  clientSecret?: string;
}

export interface RefundRequest {
  orderId: string;
  providerPaymentId: string;
  amount: number;
}

export interface RefundResult {
  refundId: string;
  amount: number;
  status: 'succeeded' | 'pending' | 'failed';
}

/** An event from the provider (a Stripe webhook, or the sandbox's own), already authenticated. */
export type PaymentEvent =
  | { id: string; type: 'payment.succeeded'; orderId: string; providerPaymentId: string; amount: number }
  | { id: string; type: 'payment.failed'; orderId: string; providerPaymentId: string; failureCode: string }
  | { id: string; type: 'payment.refunded'; orderId: string; providerPaymentId: string; amountRefunded: number };

export type PaymentProviderName = 'stripe' | 'sandbox';

export abstract class PaymentProvider {
  abstract readonly name: PaymentProviderName;

  /** Starts or retries the payment of an order with a payment method; idempotent per (order, attempt). */
  abstract pay(request: PaymentRequest): Promise<PaymentAttempt>;

  /** Refunds (part of) a succeeded payment; idempotent per (order, amount). */
  abstract refund(request: RefundRequest): Promise<RefundResult>;

  /**
   * Authenticates a webhook delivery and reads it: an event the order applies, or undefined for an event this
   * service does not act on. Throws WebhookSignatureError when the delivery is not the provider's.
   */
  abstract readWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent | undefined;
}
