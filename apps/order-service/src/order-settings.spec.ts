import { loadServiceConfig } from '@app/config';
import { testKeys } from '../../../test/support/keys';
import { OrderSettings, readOrderSettings } from './order-settings';
import { configProblems } from '../../../test/support/settings';

const identity = {
  name: 'order-service',
  defaultDatabase: 'ecommerce_orders',
  title: 'Orders',
  callsOtherServices: true,
};
const definition = { token: OrderSettings, read: readOrderSettings };

// Shaped like real keys so the format rules accept them; never real secrets.
const secretKey = 'sk_test_orderSettingsSpec0001';
const webhookSecret = 'whsec_orderSettingsSpec0001';

const baseEnv = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  JWT_PUBLIC_KEY: testKeys.publicKey,
  USER_SERVICE_URL: 'http://127.0.0.1:3002',
  SERVICE_CLIENT_ID: 'order-service',
  SERVICE_CLIENT_SECRET: 'client-secret',
};
const stripeEnv = { ...baseEnv, STRIPE_SECRET_KEY: secretKey, STRIPE_WEBHOOK_SECRET: webhookSecret };

const settingsOf = (env: Record<string, string>): OrderSettings =>
  loadServiceConfig(identity, env, definition).settings!.value;

const problemsOf = (env: Record<string, string>): string[] => configProblems(identity, env, definition);

describe('order-service payment settings', () => {
  it('takes payments through Stripe by default in production, at Stripe itself unless STRIPE_API_URL says otherwise', () => {
    expect(settingsOf(stripeEnv).payments).toEqual({
      provider: 'stripe',
      timeoutSeconds: 900,
      maxAttempts: 5,
      webhookSecret,
      stripe: { secretKey },
      sandboxEventDelayMs: 200,
    });
  });

  it('points Stripe at another API endpoint (stripe-mock) with STRIPE_API_URL', () => {
    const payments = settingsOf({ ...stripeEnv, STRIPE_API_URL: 'http://127.0.0.1:12111' }).payments;
    expect(payments.stripe).toEqual({ secretKey, apiUrl: 'http://127.0.0.1:12111' });
  });

  it('refuses a STRIPE_API_URL that is not http(s)', () => {
    expect(problemsOf({ ...stripeEnv, STRIPE_API_URL: 'ftp://stripe.example' })).toEqual([
      expect.stringMatching(/^STRIPE_API_URL must use http: or https:/),
    ]);
  });

  it('uses the sandbox outside production, with its public signing secret and no Stripe client', () => {
    const payments = settingsOf({ ...baseEnv, NODE_ENV: 'development' }).payments;
    expect(payments).toMatchObject({ provider: 'sandbox', webhookSecret: 'whsec_sandbox_development_only' });
    expect(payments.stripe).toBeUndefined();
  });

  it('keeps a configured webhook secret for the sandbox and ignores a Stripe key there', () => {
    const payments = settingsOf({ ...stripeEnv, NODE_ENV: 'test', PAYMENT_PROVIDER: 'sandbox' }).payments;
    expect(payments).toMatchObject({ provider: 'sandbox', webhookSecret });
    expect(payments.stripe).toBeUndefined();
  });

  it('refuses the sandbox in production: it takes no money', () => {
    expect(problemsOf({ ...baseEnv, PAYMENT_PROVIDER: 'sandbox' })).toEqual([
      'PAYMENT_PROVIDER=sandbox is refused with NODE_ENV=production: the sandbox takes no money',
    ]);
  });

  it('requires both Stripe secrets with PAYMENT_PROVIDER=stripe, naming each missing one', () => {
    expect(problemsOf({ ...baseEnv, NODE_ENV: 'development', PAYMENT_PROVIDER: 'stripe' })).toEqual([
      'STRIPE_SECRET_KEY is required with PAYMENT_PROVIDER=stripe',
      'STRIPE_WEBHOOK_SECRET is required with PAYMENT_PROVIDER=stripe',
    ]);
  });

  it('refuses keys that are not shaped like Stripe keys, without echoing them', () => {
    const publishable = 'pk_live_notASecretButStillNotEchoed';
    const wrongWebhook = 'sk_live_pastedIntoTheWrongVariable';
    const problems = problemsOf({ ...baseEnv, STRIPE_SECRET_KEY: publishable, STRIPE_WEBHOOK_SECRET: wrongWebhook });
    expect(problems).toEqual([
      'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_... or rk_...)',
      'STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret (whsec_...)',
    ]);
    expect(problems.join('\n')).not.toContain(publishable);
    expect(problems.join('\n')).not.toContain(wrongWebhook);
  });

  it('checks the key formats for the sandbox too, so a mistyped key is found before switching to Stripe', () => {
    expect(
      problemsOf({ ...baseEnv, NODE_ENV: 'test', STRIPE_SECRET_KEY: 'sk_nope', STRIPE_WEBHOOK_SECRET: 'whsec-' }),
    ).toEqual([
      'STRIPE_SECRET_KEY must be a Stripe secret or restricted key (sk_... or rk_...)',
      'STRIPE_WEBHOOK_SECRET must be a Stripe webhook signing secret (whsec_...)',
    ]);
  });

  it('accepts a restricted live key', () => {
    const payments = settingsOf({ ...stripeEnv, STRIPE_SECRET_KEY: 'rk_live_restricted123' }).payments;
    expect(payments.stripe?.secretKey).toBe('rk_live_restricted123');
  });

  it('bounds the payment deadline and the attempts', () => {
    expect(problemsOf({ ...stripeEnv, PAYMENT_TIMEOUT_SECONDS: '59', PAYMENT_MAX_ATTEMPTS: '21' })).toEqual([
      'PAYMENT_TIMEOUT_SECONDS must be >= 60, got 59',
      'PAYMENT_MAX_ATTEMPTS must be <= 20, got 21',
    ]);
  });
});
