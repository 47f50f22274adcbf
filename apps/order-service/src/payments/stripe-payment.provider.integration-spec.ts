import Stripe from 'stripe';
import { type RunningStripeMock, startStripeMock, unreachableUrl } from '../../../../test/support/stripe-mock';
import { PaymentProviderUnavailableError, WebhookSignatureError } from './payments.errors';
import { StripePaymentProvider } from './stripe-payment.provider';

const webhookSecret = 'whsec_integration';
const orderId = '65f0c0ffee0000000000abcd';

/**
 * The Stripe adapter against stripe-mock, which validates every request against Stripe's OpenAPI
 * specification (unknown or malformed parameters are refused) and answers with Stripe's fixture objects.
 * Outcomes (succeeded, declined) are not simulated by stripe-mock: those paths are covered by the sandbox and
 * the order tests; here it is the wire contract and the mapping of Stripe's answers and errors.
 */
describe('StripePaymentProvider against stripe-mock', () => {
  let mock: RunningStripeMock;
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    mock = await startStripeMock();
    provider = new StripePaymentProvider({
      secretKey: 'sk_test_123',
      webhookSecret,
      apiUrl: mock.url,
      timeoutMs: 5_000,
    });
  }, 180_000);

  afterAll(() => mock?.stop());

  it('creates the intent for the order and confirms it with the payment method; Stripe accepts both requests', async () => {
    const attempt = await provider.pay({
      orderId,
      amount: 2599,
      currency: 'EUR',
      paymentMethod: 'pm_card_visa',
      attempt: 1,
    });
    expect(attempt.providerPaymentId).toMatch(/^pi_/);
    // stripe-mock's fixture intent stays requires_payment_method: an unsuccessful confirmation, read as failed.
    expect(attempt).toMatchObject({ status: 'failed', failureCode: 'payment_failed' });
  });

  it('confirms an existing intent for a retry without creating another', async () => {
    const retry = await provider.pay({
      orderId,
      amount: 2599,
      currency: 'EUR',
      paymentMethod: 'pm_card_mastercard',
      attempt: 2,
      providerPaymentId: 'pi_existing',
    });
    expect(retry.providerPaymentId).toBe('pi_existing');
  });

  it('refunds the payment with an amount and the order in the metadata', async () => {
    const refund = await provider.refund({ orderId, providerPaymentId: 'pi_existing', amount: 2599 });
    expect(refund.refundId).toMatch(/^re_/);
    expect(['succeeded', 'pending']).toContain(refund.status);
  });

  it('reads webhooks signed with the secret and refuses forged or replayed-late ones', () => {
    const payload = JSON.stringify({
      id: 'evt_1',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_1', amount: 2599, amount_received: 2599, metadata: { orderId } } },
    });
    const signed = Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret });
    expect(provider.readWebhook(Buffer.from(payload), signed)).toMatchObject({
      type: 'payment.succeeded',
      amount: 2599,
    });
    const forged = Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_attacker' });
    expect(() => provider.readWebhook(Buffer.from(payload), forged)).toThrow(WebhookSignatureError);
    const old = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret: webhookSecret,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    expect(() => provider.readWebhook(Buffer.from(payload), old)).toThrow(WebhookSignatureError);
  });

  it('turns an unreachable Stripe into a 503 with Retry-After, never a charge of unknown outcome', async () => {
    const down = new StripePaymentProvider({
      secretKey: 'sk_test_123',
      webhookSecret,
      apiUrl: await unreachableUrl(),
      timeoutMs: 1_000,
    });
    const attempt = down.pay({ orderId, amount: 100, currency: 'EUR', paymentMethod: 'pm_card_visa', attempt: 1 });
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
  });
});
