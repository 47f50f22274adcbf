/**
 * What the stacks give the service that takes payments (order-service, `SERVICES[...].takesPayments`): Stripe
 * as its provider, Stripe's two secrets in its Secret only, and HTTPS out to Stripe's API.
 */

/** The app's sandbox moves no money and refuses NODE_ENV=production, so every stack runs Stripe. */
export const PAYMENT_PROVIDER = 'stripe';

/** Stack config keys of the two Stripe secrets (set with `pulumi config set --secret`). */
export const STRIPE_CONFIG_KEYS = { secretKey: 'stripeSecretKey', webhookSecret: 'stripeWebhookSecret' } as const;

export interface StripeKeys {
  /** API key: a secret key (`sk_`) or a restricted key (`rk_`), test or live mode. */
  secretKey: string;
  /** Signing secret of the webhook endpoint (`whsec_`). */
  webhookSecret: string;
}

const API_KEY = /^(sk|rk)_(test|live)_\S+$/;
const WEBHOOK_SECRET = /^whsec_\S+$/;

/**
 * Why these keys must not be deployed to this stack. Only prod may charge real cards (live keys), and prod must
 * (a test key there would take orders and no money). Messages name the config key, never the value.
 */
export function stripeKeyProblems(stack: string, keys: StripeKeys): string[] {
  const problems: string[] = [];
  const apiKey = `ecommerce:${STRIPE_CONFIG_KEYS.secretKey}`;
  const match = API_KEY.exec(keys.secretKey);
  if (!match) problems.push(`${apiKey} is not a Stripe secret or restricted key (sk_... or rk_..., no spaces)`);
  else if (stack === 'prod' && match[2] !== 'live')
    problems.push(`${apiKey} is a test-mode key: prod takes real payments, set a live key (sk_live_ or rk_live_)`);
  else if (stack !== 'prod' && match[2] !== 'test')
    problems.push(
      `${apiKey} is a live-mode key: only prod may charge real cards, set a test key (sk_test_ or rk_test_)`,
    );
  if (!WEBHOOK_SECRET.test(keys.webhookSecret))
    problems.push(
      `ecommerce:${STRIPE_CONFIG_KEYS.webhookSecret} is not a webhook signing secret (whsec_..., no spaces)`,
    );
  return problems;
}

/** The keys, once checked for this stack; throws (failing `pulumi preview`) with every problem. */
export function checkedStripeKeys(stack: string, keys: StripeKeys): StripeKeys {
  const problems = stripeKeyProblems(stack, keys);
  if (problems.length > 0) {
    throw new Error(
      `Stripe keys of stack ${stack}: ${problems.join('; ')}. Fix with ` +
        `\`pulumi config set --stack ${stack} --secret <key>\` (it prompts for the value; docs/pulumi/bootstrap.md).`,
    );
  }
  return keys;
}

/** STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET for the paying service's Secret. */
export function stripeEnvironment(keys: StripeKeys): Record<string, string> {
  return { STRIPE_SECRET_KEY: keys.secretKey, STRIPE_WEBHOOK_SECRET: keys.webhookSecret };
}

/**
 * Egress to Stripe's API (api.stripe.com, HTTPS). NetworkPolicies match addresses, not host names, and Stripe's
 * are not a published fixed range, so the rule opens 443/TCP to anywhere, as the database chart does for S3 and
 * STS; everything else stays denied (docs/helm/network-flows.md).
 */
export const PAYMENT_PROVIDER_EGRESS = { ports: [{ port: 443, protocol: 'TCP' }] };
