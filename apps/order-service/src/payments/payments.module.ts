import { Module } from '@nestjs/common';
import { OrderSettings } from '../order-settings';
import { PaymentEvents } from './payment-events';
import { PaymentProvider } from './payment-provider';
import { PaymentMetrics } from './payments.metrics';
import { SandboxPaymentProvider } from './sandbox-payment.provider';
import { StripePaymentProvider } from './stripe-payment.provider';
import { StripeWebhookController } from './stripe-webhook.controller';

/** Stripe's per-request timeout; a payment request's own budget (ORDER_REQUEST_BUDGET_MS) bounds it too. */
const STRIPE_TIMEOUT_MS = 10_000;

/** The payment provider chosen by PAYMENT_PROVIDER, its events and its webhook endpoint. */
@Module({
  controllers: [StripeWebhookController],
  providers: [
    PaymentEvents,
    PaymentMetrics,
    {
      provide: PaymentProvider,
      inject: [OrderSettings, PaymentEvents],
      useFactory: ({ payments }: OrderSettings, events: PaymentEvents): PaymentProvider =>
        payments.stripe
          ? new StripePaymentProvider({
              secretKey: payments.stripe.secretKey,
              webhookSecret: payments.webhookSecret,
              apiUrl: payments.stripe.apiUrl,
              timeoutMs: STRIPE_TIMEOUT_MS,
            })
          : new SandboxPaymentProvider(events, {
              webhookSecret: payments.webhookSecret,
              eventDelayMs: payments.sandboxEventDelayMs,
            }),
    },
  ],
  exports: [PaymentProvider, PaymentEvents, PaymentMetrics],
})
export class PaymentsModule {}
