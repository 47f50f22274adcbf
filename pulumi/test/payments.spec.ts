import * as pulumi from '@pulumi/pulumi';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { loadStackSecrets } from '../config/load';
import { SERVICE_NAMES, SERVICES } from '../config/services';
import { checkedStripeKeys, stripeKeyProblems, type StripeKeys } from '../services/payments';
import { serviceSecretEnvironment, type SecretMaterial } from '../services/service-secrets';
import { testKeyPair } from './helpers/keys';
import { recordingMocks } from './helpers/mocks';
import { programConfig, REPO_ROOT, TEST_STRIPE_KEYS } from './helpers/stack-config';

// Made up here, never real: the prefixes are joined at run time so no committed line looks like a Stripe key.
const key = (prefix: string, mode: string) => `${prefix}_${mode}_${'a1B2c3D4'.repeat(3)}`;
const WEBHOOK = `whsec_${'Zx9Yw8Vu'.repeat(4)}`;
const keys = (secretKey: string, webhookSecret = WEBHOOK): StripeKeys => ({ secretKey, webhookSecret });

describe('Stripe keys per stack', () => {
  it.each([
    ['staging', key('sk', 'test')],
    ['staging', key('rk', 'test')],
    ['prod', key('sk', 'live')],
    ['prod', key('rk', 'live')],
  ])('accepts in %s a key of its mode (%s)', (stack, secretKey) => {
    expect(stripeKeyProblems(stack, keys(secretKey))).toEqual([]);
  });

  it('refuses a live key outside prod and a test key in prod', () => {
    expect(stripeKeyProblems('staging', keys(key('sk', 'live')))).toEqual([
      'ecommerce:stripeSecretKey is a live-mode key: only prod may charge real cards, set a test key (sk_test_ or rk_test_)',
    ]);
    expect(stripeKeyProblems('prod', keys(key('rk', 'test')))).toEqual([
      'ecommerce:stripeSecretKey is a test-mode key: prod takes real payments, set a live key (sk_live_ or rk_live_)',
    ]);
  });

  it.each([
    ['a publishable key', keys(key('pk', 'test'))],
    ['a key pasted with a newline', keys(`${key('sk', 'test')}\n`)],
    ['the two values swapped', keys(WEBHOOK, key('sk', 'test'))],
  ])('refuses %s, naming the config keys and never the values', (_case, given) => {
    const attempt = () => checkedStripeKeys('staging', given);
    expect(attempt).toThrow(/^Stripe keys of stack staging: ecommerce:stripe(SecretKey|WebhookSecret) is not/);
    expect(attempt).toThrow(/pulumi config set --stack staging --secret <key>/);
    expect(attempt).not.toThrow(given.secretKey.trim());
    expect(attempt).not.toThrow(given.webhookSecret.trim());
  });
});

describe('where the Stripe keys go', () => {
  const signing = testKeyPair('es256').privateKey;
  const material = (stripe: StripeKeys): SecretMaterial => ({
    mongodbUris: {
      'product-service': 'p',
      'user-service': 'u',
      'cart-service': 'c',
      'order-service': 'o',
      'notification-service': 'n',
    },
    jwtPrivateKey: signing,
    additionalJwtPublicKeys: [],
    clientSecrets: {
      'cart-service': 'cart-secret',
      'order-service': 'order-secret',
      'notification-service': 'mail-secret',
    },
    amqpUrl: 'amqps://ecommerce:broker-password@b-1.mq.eu-west-1.amazonaws.com:5671',
    stripe,
  });
  const stripe = keys(key('sk', 'test'));

  it('into order-service’s Secret only, under the names the app reads', () => {
    expect(serviceSecretEnvironment('order-service', material(stripe))).toMatchObject({
      STRIPE_SECRET_KEY: stripe.secretKey,
      STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    });
    for (const service of SERVICE_NAMES.filter((s) => s !== 'order-service')) {
      const env = serviceSecretEnvironment(service, material(stripe));
      expect(Object.keys(env).filter((name) => name.startsWith('STRIPE_'))).toEqual([]);
      expect(Object.values(env).join('\n')).not.toContain(stripe.secretKey);
    }
  });

  it('routes the same public prefixes as the chart’s Ingress, the webhook’s among them', () => {
    for (const service of SERVICE_NAMES) {
      const values = YAML.parse(readFileSync(path.join(REPO_ROOT, 'helm', service, 'values.yaml'), 'utf8'));
      // A service without public paths has no Ingress at all (notification-service).
      expect(values.ingress?.paths ?? []).toEqual(SERVICES[service].publicPaths);
    }
    expect(SERVICES['order-service'].publicPaths).toContain('/api/v1/payments');
  });
});

describe('a stack without the Stripe secrets', () => {
  beforeAll(async () => {
    await pulumi.runtime.setMocks(recordingMocks([]), 'ecommerce', 'staging', false);
  });

  it.each(['stripeSecretKey', 'stripeWebhookSecret'])('fails the preview naming %s and how to set it', (missing) => {
    const { config, secretKeys } = programConfig('staging', undefined, (values) => {
      delete values[`ecommerce:${missing}`];
    });
    pulumi.runtime.setAllConfig(config, secretKeys);
    expect(() => loadStackSecrets()).toThrow(
      new RegExp(`Missing required configuration variable 'ecommerce:${missing}'[\\s\\S]*pulumi config set --secret`),
    );
  });

  it('reads both as secrets when they are set', async () => {
    const { config, secretKeys } = programConfig('staging');
    pulumi.runtime.setAllConfig(config, secretKeys);
    const { stripe } = loadStackSecrets();
    const isSecret = (output: unknown) => (output as { isSecret: Promise<boolean> }).isSecret;
    expect(await isSecret(stripe.secretKey)).toBe(true);
    expect(await isSecret(stripe.webhookSecret)).toBe(true);
    expect(TEST_STRIPE_KEYS.staging.secretKey).toMatch(/^sk_test_/);
  });
});
