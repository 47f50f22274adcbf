import Stripe from 'stripe';
import { PaymentEvents } from './payment-events';
import { type PaymentEvent } from './payment-provider';
import { PaymentMethodInvalidError, WebhookSignatureError } from './payments.errors';
import { SandboxPaymentProvider } from './sandbox-payment.provider';

const webhookSecret = 'whsec_sandbox_test';
const request = { orderId: '65f0c0ffee0000000000abcd', amount: 2599, currency: 'EUR', attempt: 1 };

function sandbox(handler: (event: PaymentEvent) => Promise<void>) {
  const events = new PaymentEvents();
  events.handleWith(async (event) => {
    await handler(event);
    return 'applied';
  });
  return new SandboxPaymentProvider(events, { webhookSecret, eventDelayMs: 1 });
}

const nextEvent = () => {
  let resolve!: (event: PaymentEvent) => void;
  const received = new Promise<PaymentEvent>((done) => (resolve = done));
  return { received, handler: (event: PaymentEvent) => Promise.resolve(resolve(event)) };
};

describe('SandboxPaymentProvider', () => {
  it('succeeds with pm_card_visa, then sends the same event a Stripe webhook would', async () => {
    const { received, handler } = nextEvent();
    const attempt = await sandbox(handler).pay({ ...request, paymentMethod: 'pm_card_visa' });
    expect(attempt).toEqual({ providerPaymentId: expect.stringMatching(/^pi_sandbox_/), status: 'succeeded' });
    expect(await received).toMatchObject({
      type: 'payment.succeeded',
      orderId: request.orderId,
      providerPaymentId: attempt.providerPaymentId,
      amount: 2599,
    });
  });

  it('declines with the decline code Stripe documents for each test card, and says so asynchronously too', async () => {
    const { received, handler } = nextEvent();
    const provider = sandbox(handler);
    const attempt = await provider.pay({ ...request, paymentMethod: 'pm_card_chargeDeclinedInsufficientFunds' });
    expect(attempt).toMatchObject({ status: 'failed', failureCode: 'insufficient_funds' });
    expect(await received).toMatchObject({ type: 'payment.failed', failureCode: 'insufficient_funds' });
    const generic = await provider.pay({ ...request, attempt: 2, paymentMethod: 'pm_card_chargeDeclined' });
    expect(generic.failureCode).toBe('generic_decline');
    provider.onApplicationShutdown();
  });

  it('asks for authentication with pm_card_authenticationRequired and sends no event', async () => {
    const handler = jest.fn(() => Promise.resolve());
    const attempt = await sandbox(handler).pay({ ...request, paymentMethod: 'pm_card_authenticationRequired' });
    expect(attempt).toMatchObject({ status: 'requires_action', nextAction: { type: 'use_stripe_sdk' } });
    await new Promise((done) => setTimeout(done, 20));
    expect(handler).not.toHaveBeenCalled();
  });

  it('keeps one provider payment per order across attempts', async () => {
    const provider = sandbox(() => Promise.resolve());
    const first = await provider.pay({ ...request, paymentMethod: 'pm_card_chargeDeclined' });
    const second = await provider.pay({
      ...request,
      attempt: 2,
      paymentMethod: 'pm_card_visa',
      providerPaymentId: first.providerPaymentId,
    });
    expect(second.providerPaymentId).toBe(first.providerPaymentId);
    provider.onApplicationShutdown();
  });

  it('refuses a payment method it does not know, like Stripe', async () => {
    await expect(sandbox(() => Promise.resolve()).pay({ ...request, paymentMethod: 'pm_nope' })).rejects.toBeInstanceOf(
      PaymentMethodInvalidError,
    );
  });

  it('refunds and sends charge.refunded with the refunded amount', async () => {
    const { received, handler } = nextEvent();
    const refund = await sandbox(handler).refund({ orderId: request.orderId, providerPaymentId: 'pi_x', amount: 2599 });
    expect(refund).toMatchObject({
      amount: 2599,
      status: 'succeeded',
      refundId: expect.stringMatching(/^re_sandbox_/),
    });
    expect(await received).toMatchObject({ type: 'payment.refunded', providerPaymentId: 'pi_x', amountRefunded: 2599 });
  });

  it('retries a simulated webhook the handler could not apply, as Stripe retries a failed delivery', async () => {
    const { received, handler } = nextEvent();
    let calls = 0;
    const flaky = (event: PaymentEvent) => (++calls < 3 ? Promise.reject(new Error('database down')) : handler(event));
    await sandbox(flaky).pay({ ...request, paymentMethod: 'pm_card_visa' });
    expect(await received).toMatchObject({ type: 'payment.succeeded' });
    expect(calls).toBe(3);
  });

  it('verifies webhook deliveries signed like Stripe signs them, and refuses any other', () => {
    const provider = sandbox(() => Promise.resolve());
    const payload = JSON.stringify({
      id: 'evt_9',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_9', amount: 100, metadata: { orderId: request.orderId } } },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    expect(provider.readWebhook(Buffer.from(payload), signature)).toMatchObject({
      id: 'evt_9',
      type: 'payment.succeeded',
    });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_other' });
    expect(() => provider.readWebhook(Buffer.from(payload), forged)).toThrow(WebhookSignatureError);
    expect(() => provider.readWebhook(Buffer.from(payload), undefined)).toThrow(WebhookSignatureError);
  });
});
