import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type PaymentAttempt } from '../payments/payment-provider';
import { type OrderRecord, OrderView, toOrderView } from './order.view';

const ATTEMPT_STATUSES = ['succeeded', 'requires_action', 'processing', 'failed'] as const;

export class PaymentNextActionView {
  @ApiProperty({
    enum: ['use_stripe_sdk', 'redirect_to_url'],
    description: 'Complete 3-D Secure with Stripe.js (`clientSecret`), or send the shopper to `redirectUrl`.',
  })
  type: 'use_stripe_sdk' | 'redirect_to_url';
  @ApiPropertyOptional({ format: 'uri', maxLength: 2000 }) redirectUrl?: string;
}

export class PaymentAttemptView {
  @ApiProperty({
    enum: ATTEMPT_STATUSES,
    description:
      '`succeeded`: the order is CONFIRMED. `requires_action`: do `nextAction`, then the order is confirmed when ' +
      'the provider says so. `processing`: the bank is deciding; the order follows. `failed`: see `failureCode`, ' +
      'retry with another payment method before the deadline.',
  })
  status: (typeof ATTEMPT_STATUSES)[number];
  @ApiPropertyOptional({
    description: "The provider's decline code, e.g. `card_declined`, `insufficient_funds`, `expired_card`.",
    example: 'insufficient_funds',
    maxLength: 100,
  })
  failureCode?: string;
  @ApiPropertyOptional({ type: PaymentNextActionView }) nextAction?: PaymentNextActionView;
  @ApiPropertyOptional({
    description: 'For Stripe.js to complete `requires_action` in the browser; never store or log it.',
    maxLength: 500,
  })
  clientSecret?: string;
  @ApiProperty({ type: OrderView, description: 'The order after this attempt.' }) order: OrderView;
}

export function toPaymentAttemptView(attempt: PaymentAttempt, order: OrderRecord): PaymentAttemptView {
  return {
    status: attempt.status,
    ...(attempt.failureCode ? { failureCode: attempt.failureCode } : {}),
    ...(attempt.nextAction ? { nextAction: attempt.nextAction } : {}),
    ...(attempt.clientSecret ? { clientSecret: attempt.clientSecret } : {}),
    order: toOrderView(order),
  };
}
