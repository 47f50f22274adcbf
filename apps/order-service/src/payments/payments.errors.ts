import { DomainError } from '@app/errors';

export class WebhookSignatureError extends DomainError {
  constructor() {
    super(400, 'WEBHOOK_SIGNATURE_INVALID', 'Invalid webhook signature', {
      detail: 'The webhook delivery is not signed with the configured secret, or its timestamp is too old.',
    });
  }
}

export class PaymentMethodInvalidError extends DomainError {
  constructor() {
    super(422, 'PAYMENT_METHOD_INVALID', 'Payment method invalid', {
      detail: 'The payment method is unknown to the payment provider; use another one.',
    });
  }
}

/** The provider did not answer, or answered with an error of its own: nothing is known to have been charged. */
export class PaymentProviderUnavailableError extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(503, 'PAYMENT_PROVIDER_UNAVAILABLE', 'Payment provider unavailable', {
      detail: `The payment provider could not be reached; retry after ${retryAfterSeconds} s with the same payment method.`,
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
