import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { PaymentMethodInvalidError, PaymentProviderUnavailableError, WebhookSignatureError } from './payments.errors';
import { clientOptions, StripePaymentProvider } from './stripe-payment.provider';

/**
 * stripe-mock answers every call with the same fixture, so the outcomes Stripe can give (succeeded, 3-D Secure,
 * declines, refusals, outages) are played here by a local HTTP server that answers the Stripe SDK with chosen
 * JSON. The SDK is the real one: its error classes come from the status codes, as they would from Stripe.
 */

interface Answer {
  status: number;
  body: object;
}
interface Received {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: URLSearchParams;
}

const orderId = '65f0c0ffee0000000000abcd';
const payment = { orderId, amount: 2599, currency: 'EUR', paymentMethod: 'pm_card_visa', attempt: 2 };

let server: Server;
let url: string;
let answers: Answer[] = [];
let received: Received[] = [];

const intent = (fields: object): Answer => ({
  status: 200,
  body: { id: 'pi_chosen', object: 'payment_intent', client_secret: null, next_action: null, ...fields },
});
const stripeError = (status: number, error: object): Answer => ({ status, body: { error } });

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => resolve(body));
  });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    void readBody(request).then((body) => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        form: new URLSearchParams(body),
      });
      const answer = answers.shift() ?? stripeError(500, { type: 'api_error', message: 'no answer queued' });
      // Stripe's SDK retries 5xx and 429 once unless told not to; the outage tests say so to stay fast.
      response.writeHead(answer.status, { 'Content-Type': 'application/json', 'Stripe-Should-Retry': 'false' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  answers = [];
  received = [];
});

const provider = (): StripePaymentProvider =>
  new StripePaymentProvider({
    secretKey: 'sk_test_answers',
    webhookSecret: 'whsec_answers',
    apiUrl: url,
    timeoutMs: 2_000,
  });

const retry = (answer: Answer) => {
  answers.push(answer);
  return provider().pay({ ...payment, providerPaymentId: 'pi_chosen' });
};

describe('StripePaymentProvider reading PaymentIntents', () => {
  it('creates the intent for the order once (keyed by the order) and confirms it keyed by the attempt', async () => {
    answers.push(intent({ status: 'requires_payment_method' }), intent({ status: 'succeeded' }));
    await expect(provider().pay(payment)).resolves.toEqual({ providerPaymentId: 'pi_chosen', status: 'succeeded' });
    const [create, confirm] = received;
    expect(create).toMatchObject({ path: '/v1/payment_intents', idempotencyKey: `order-${orderId}` });
    expect(Object.fromEntries(create.form)).toMatchObject({
      amount: '2599',
      currency: 'eur',
      'metadata[orderId]': orderId,
    });
    expect(confirm).toMatchObject({
      path: '/v1/payment_intents/pi_chosen/confirm',
      idempotencyKey: `order-${orderId}-attempt-2`,
    });
    expect(confirm.form.get('payment_method')).toBe('pm_card_visa');
  });

  it('reads a processing intent as processing: the webhook finishes it', async () => {
    await expect(retry(intent({ status: 'processing' }))).resolves.toEqual({
      providerPaymentId: 'pi_chosen',
      status: 'processing',
    });
  });

  it('hands a 3-D Secure redirect and the client secret to the shopper', async () => {
    const answer = intent({
      status: 'requires_action',
      client_secret: 'pi_chosen_secret_abc',
      next_action: {
        type: 'redirect_to_url',
        redirect_to_url: { url: 'https://hooks.stripe.com/3ds', return_url: null },
      },
    });
    await expect(retry(answer)).resolves.toEqual({
      providerPaymentId: 'pi_chosen',
      status: 'requires_action',
      nextAction: { type: 'redirect_to_url', redirectUrl: 'https://hooks.stripe.com/3ds' },
      clientSecret: 'pi_chosen_secret_abc',
    });
  });

  it('asks for Stripe.js when the action is not a redirect (and gives no client secret Stripe did not send)', async () => {
    const answer = intent({ status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: {} } });
    await expect(retry(answer)).resolves.toEqual({
      providerPaymentId: 'pi_chosen',
      status: 'requires_action',
      nextAction: { type: 'use_stripe_sdk' },
      clientSecret: undefined,
    });
  });

  it.each([
    ['the decline code', { code: 'card_declined', decline_code: 'insufficient_funds' }, 'insufficient_funds'],
    ['the error code without a decline code', { code: 'expired_card' }, 'expired_card'],
    ['payment_failed without an error', null, 'payment_failed'],
  ])('reads an intent back at requires_payment_method as failed with %s', async (_, lastError, failureCode) => {
    const answer = intent({ status: 'requires_payment_method', last_payment_error: lastError });
    await expect(retry(answer)).resolves.toEqual({ providerPaymentId: 'pi_chosen', status: 'failed', failureCode });
  });
});

describe('StripePaymentProvider reading Stripe errors on payment', () => {
  it.each([
    [
      'the decline code and the intent of the error',
      { code: 'card_declined', decline_code: 'stolen_card', payment_intent: { id: 'pi_from_error' } },
      { providerPaymentId: 'pi_from_error', failureCode: 'stolen_card' },
    ],
    [
      'the error code, on the intent of the request',
      { code: 'incorrect_cvc' },
      { providerPaymentId: 'pi_chosen', failureCode: 'incorrect_cvc' },
    ],
    ['card_declined when Stripe gives no code', {}, { providerPaymentId: 'pi_chosen', failureCode: 'card_declined' }],
  ])('answers a card error as a failed attempt with %s, not an error', async (_, fields, expected) => {
    const answer = stripeError(402, { type: 'card_error', message: 'Your card was declined.', ...fields });
    await expect(retry(answer)).resolves.toEqual({ status: 'failed', ...expected });
  });

  it('answers a card error on the first attempt, before any intent is known, without an intent id', async () => {
    answers.push(stripeError(402, { type: 'card_error', code: 'card_declined' }));
    await expect(provider().pay(payment)).resolves.toEqual({
      providerPaymentId: '',
      status: 'failed',
      failureCode: 'card_declined',
    });
  });

  it('refuses a payment method Stripe does not know with 422', async () => {
    const answer = stripeError(400, {
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'payment_method',
      message: "No such PaymentMethod: 'pm_nope'",
    });
    const attempt = retry(answer);
    await expect(attempt).rejects.toBeInstanceOf(PaymentMethodInvalidError);
    await expect(attempt).rejects.toMatchObject({ status: 422, code: 'PAYMENT_METHOD_INVALID' });
  });

  it.each([
    [
      'another invalid parameter',
      400,
      { type: 'invalid_request_error', param: 'amount' },
      Stripe.errors.StripeInvalidRequestError,
    ],
    [
      'a bad API key',
      401,
      { type: 'invalid_request_error', message: 'Invalid API Key' },
      Stripe.errors.StripeAuthenticationError,
    ],
  ])('lets %s through as the programming or deployment error it is', async (_, status, error, type) => {
    await expect(retry(stripeError(status, error))).rejects.toBeInstanceOf(type);
  });

  it.each([
    ['rate limit', 429, { type: 'invalid_request_error', code: 'rate_limit' }],
    ['5xx', 500, { type: 'api_error', message: 'Something went wrong on our end' }],
  ])(
    'turns a Stripe %s into a 503 with Retry-After: nothing is known to have been charged',
    async (_, status, error) => {
      await expect(retry(stripeError(status, error))).rejects.toMatchObject({
        constructor: PaymentProviderUnavailableError,
        status: 503,
        headers: { 'Retry-After': '5' },
      });
    },
  );
});

describe('StripePaymentProvider refunds', () => {
  const refund = () => provider().refund({ orderId, providerPaymentId: 'pi_chosen', amount: 1000 });

  it.each([
    ['succeeded', 'succeeded'],
    ['failed', 'failed'],
    ['pending', 'pending'],
    ['requires_action', 'pending'],
  ])('reads a refund at %s as %s', async (stripeStatus, status) => {
    answers.push({ status: 200, body: { id: 're_1', object: 'refund', amount: 1000, status: stripeStatus } });
    await expect(refund()).resolves.toEqual({ refundId: 're_1', amount: 1000, status });
    expect(received[0]).toMatchObject({ path: '/v1/refunds', idempotencyKey: `order-${orderId}-refund-1000` });
    expect(Object.fromEntries(received[0].form)).toMatchObject({
      payment_intent: 'pi_chosen',
      amount: '1000',
      'metadata[orderId]': orderId,
    });
  });

  it('lets a refusal through (e.g. already refunded): it will not change by retrying', async () => {
    answers.push(stripeError(400, { type: 'invalid_request_error', code: 'charge_already_refunded' }));
    await expect(refund()).rejects.toMatchObject({
      constructor: Stripe.errors.StripeInvalidRequestError,
      code: 'charge_already_refunded',
    });
  });

  it('turns an outage into a 503, so the refund is retried later', async () => {
    answers.push(stripeError(503, { type: 'api_error' }));
    await expect(refund()).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
  });
});

describe('StripePaymentProvider endpoint', () => {
  const options = { secretKey: 'sk_test_answers', webhookSecret: 'whsec_answers', timeoutMs: 2_000 };

  it('talks to Stripe itself when no other endpoint is configured', () => {
    const config = clientOptions(options);
    expect(config).not.toHaveProperty('host');
    expect(config).toMatchObject({ timeout: 2_000, maxNetworkRetries: 1, telemetry: false });
  });

  it.each([
    ['https://stripe.internal.example', { host: 'stripe.internal.example', port: 443, protocol: 'https' }],
    ['http://stripe-mock', { host: 'stripe-mock', port: 80, protocol: 'http' }],
    ['https://127.0.0.1:8443', { host: '127.0.0.1', port: 8443, protocol: 'https' }],
  ])('reaches %s on its default or given port', (apiUrl, expected) => {
    expect(clientOptions({ ...options, apiUrl })).toMatchObject(expected);
  });

  it('speaks TLS to an https endpoint: a plain HTTP server there is an outage, not an answer', async () => {
    const tls = new StripePaymentProvider({ ...options, apiUrl: url.replace('http:', 'https:'), timeoutMs: 1_000 });
    await expect(tls.pay({ ...payment, providerPaymentId: 'pi_chosen' })).rejects.toBeInstanceOf(
      PaymentProviderUnavailableError,
    );
  });
});

describe('StripePaymentProvider webhooks', () => {
  it('refuses a delivery without a Stripe-Signature header', () => {
    expect(() => provider().readWebhook(Buffer.from('{"id":"evt_1"}'), undefined)).toThrow(WebhookSignatureError);
  });
});
