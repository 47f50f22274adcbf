import Stripe from 'stripe';
import { timeLeftMs } from '@app/request-context';
import {
  type PaymentAttempt,
  type PaymentEvent,
  PaymentProvider,
  type PaymentRequest,
  type RefundRequest,
  type RefundResult,
} from './payment-provider';
import { PaymentMethodInvalidError, PaymentProviderUnavailableError } from './payments.errors';
import { readSignedEvent } from './stripe-event';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string;
  /** Another Stripe API endpoint (stripe-mock in tests); Stripe itself when absent. */
  apiUrl?: string;
  /** Per-request timeout; the placement/payment deadline bounds the whole call. */
  timeoutMs: number;
}

/** A call is given at least this long, even at the very end of a request's budget. */
const MIN_TIMEOUT_MS = 100;

/** Seconds a client waits before retrying when Stripe could not be reached. */
const RETRY_AFTER_SECONDS = 5;

/** Exported for its spec: how STRIPE_API_URL becomes the SDK's host, port and protocol. */
export function clientOptions(options: StripeOptions): Stripe.StripeConfig {
  const base = options.apiUrl ? new URL(options.apiUrl) : undefined;
  return {
    timeout: options.timeoutMs,
    // Stripe's own retries reuse the idempotency key, so a retried call never charges twice.
    maxNetworkRetries: 1,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  };
}

function fromIntent(intent: Stripe.PaymentIntent): PaymentAttempt {
  const providerPaymentId = intent.id;
  switch (intent.status) {
    case 'succeeded':
      return { providerPaymentId, status: 'succeeded' };
    case 'processing':
      return { providerPaymentId, status: 'processing' };
    case 'requires_action': {
      const redirectUrl = intent.next_action?.redirect_to_url?.url ?? undefined;
      return {
        providerPaymentId,
        status: 'requires_action',
        nextAction: redirectUrl ? { type: 'redirect_to_url', redirectUrl } : { type: 'use_stripe_sdk' },
        clientSecret: intent.client_secret ?? undefined,
      };
    }
    default: {
      const error = intent.last_payment_error;
      return {
        providerPaymentId,
        status: 'failed',
        failureCode: error?.decline_code ?? error?.code ?? 'payment_failed',
      };
    }
  }
}

/**
 * Stripe PaymentIntents: one intent per order (created with the order id as idempotency key and in its
 * metadata), confirmed on the server with the shopper's payment method once per attempt; refunds; signed
 * webhooks. A declined card is an answer (`failed` with Stripe's decline code), not an error.
 */
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly stripe: Stripe;

  constructor(private readonly options: StripeOptions) {
    super();
    this.stripe = new Stripe(options.secretKey, clientOptions(options));
  }

  async pay(request: PaymentRequest): Promise<PaymentAttempt> {
    try {
      const intentId = request.providerPaymentId ?? (await this.createIntent(request)).id;
      const confirmed = await this.stripe.paymentIntents.confirm(
        intentId,
        { payment_method: request.paymentMethod },
        { idempotencyKey: `order-${request.orderId}-attempt-${request.attempt}`, timeout: this.timeout() },
      );
      return fromIntent(confirmed);
    } catch (error) {
      return this.attemptFromError(error, request);
    }
  }

  async refund(request: RefundRequest): Promise<RefundResult> {
    try {
      const refund = await this.stripe.refunds.create(
        { payment_intent: request.providerPaymentId, amount: request.amount, metadata: { orderId: request.orderId } },
        { idempotencyKey: `order-${request.orderId}-refund-${request.amount}`, timeout: this.timeout() },
      );
      const status = refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' ? 'failed' : 'pending';
      return { refundId: refund.id, amount: refund.amount, status };
    } catch (error) {
      if (error instanceof Stripe.errors.StripeError && !isOutage(error)) throw error;
      throw new PaymentProviderUnavailableError(RETRY_AFTER_SECONDS);
    }
  }

  readWebhook(rawBody: Buffer, signature: string | undefined): PaymentEvent | undefined {
    return readSignedEvent(rawBody, signature, this.options.webhookSecret);
  }

  private createIntent(request: PaymentRequest): Promise<Stripe.PaymentIntent> {
    return this.stripe.paymentIntents.create(
      {
        amount: request.amount,
        currency: request.currency.toLowerCase(),
        metadata: { orderId: request.orderId },
        // Server-side confirmation without redirect-based methods: the API answers requires_action instead.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      },
      { idempotencyKey: `order-${request.orderId}`, timeout: this.timeout() },
    );
  }

  /** Stripe's timeout, cut to what is left of the request's budget (the sweeper's calls have none). */
  private timeout(): number {
    return Math.max(MIN_TIMEOUT_MS, Math.min(this.options.timeoutMs, timeLeftMs()));
  }

  private attemptFromError(error: unknown, request: PaymentRequest): PaymentAttempt {
    if (error instanceof Stripe.errors.StripeCardError) {
      const intent = (error.raw as { payment_intent?: { id?: string } }).payment_intent;
      return {
        providerPaymentId: intent?.id ?? request.providerPaymentId ?? '',
        status: 'failed',
        // The SDK sets decline_code to '' when Stripe sent none (expired_card, incorrect_cvc): fall through it.
        failureCode: error.decline_code || error.code || 'card_declined',
      };
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.param === 'payment_method') {
      throw new PaymentMethodInvalidError();
    }
    if (error instanceof Stripe.errors.StripeError && !isOutage(error)) throw error;
    throw new PaymentProviderUnavailableError(RETRY_AFTER_SECONDS);
  }
}

/**
 * Connection failures, timeouts, rate limits and Stripe's own 5xx: nothing is known to have happened. The SDK
 * makes every status it has no class for (5xx among them) a StripeAPIError, so no status check is needed.
 */
function isOutage(error: Stripe.errors.StripeError): boolean {
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  );
}
