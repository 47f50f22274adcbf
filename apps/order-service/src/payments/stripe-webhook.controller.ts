import { Controller, Headers, HttpCode, Post, type RawBodyRequest, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Public } from '@app/auth';
import { SkipRateLimit } from '@app/rate-limit';
import { PaymentEvents } from './payment-events';
import { PaymentProvider } from './payment-provider';
import { WebhookSignatureError } from './payments.errors';
import { PaymentMetrics } from './payments.metrics';

/**
 * Stripe's webhook endpoint (the sandbox signs its deliveries the same way). Public: the signature over the raw
 * body is the authentication, so a forged or replayed-late delivery is a 400 and changes nothing. Not rate
 * limited: Stripe retries refused deliveries for days, and a limit would only delay real payments. An event
 * that could not be applied answers 5xx so that Stripe delivers it again; a redelivery is answered 200 and
 * changes nothing.
 */
@ApiExcludeController()
@Controller('payments/stripe')
export class StripeWebhookController {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly events: PaymentEvents,
    private readonly metrics: PaymentMetrics,
  ) {}

  @Post('webhook')
  @Public()
  @SkipRateLimit()
  @HttpCode(200)
  async receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<{ received: true }> {
    let event;
    try {
      event = this.provider.readWebhook(request.rawBody ?? Buffer.alloc(0), signature);
    } catch (error) {
      if (error instanceof WebhookSignatureError) this.metrics.webhook('invalid_signature');
      throw error;
    }
    this.metrics.webhook(event ? await this.events.deliver(event) : 'ignored');
    return { received: true };
  }
}
