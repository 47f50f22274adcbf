import { createHash } from 'node:crypto';
import { passwordPolicyViolations } from '../../apps/user-service/src/passwords/password-policy';
import { cacheEgressRule, redisUrl } from '../cache/connection';
import { mailSenderPolicy, senderAddress } from '../mail/sender-policy';
import { amqpUrl, brokerEgressRule } from '../messaging/connection';
import { SERVICE_NAMES } from '../config/services';
import { ADMIN_PASSWORD_SPEC, adminEnvironment, adminPasswordProblems } from '../services/admin-bootstrap';
import { jwtPublicKeys } from '../services/jwt-public-keys';
import {
  publicKeyOf,
  secretChecksum,
  serviceSecretEnvironment,
  type SecretMaterial,
} from '../services/service-secrets';
import { testKeyPair } from './helpers/keys';

const signing = testKeyPair('es256');
const next = testKeyPair('rs256');
const material = (extra: Partial<SecretMaterial> = {}): SecretMaterial => ({
  mongodbUris: {
    'product-service': 'p',
    'user-service': 'u',
    'cart-service': 'c',
    'order-service': 'o',
    'notification-service': 'n',
  },
  jwtPrivateKey: signing.privateKey,
  additionalJwtPublicKeys: [],
  clientSecrets: {
    'cart-service': 'cart-secret',
    'order-service': 'order-secret',
    'notification-service': 'mail-secret',
  },
  amqpUrl: 'amqps://ecommerce:broker-password@b-1.mq.eu-west-1.amazonaws.com:5671',
  // Stripe's keys reach order-service only (payments.spec.ts); any string stands in here.
  stripe: { secretKey: 'sk-fixture', webhookSecret: 'whsec-fixture' },
  ...extra,
});
const PASSWORD = 'Q7rX2mVb9KpL4sTz8NcW3hYd6FgJ5aRe';

describe('JWT public keys in the Secrets', () => {
  it('lists the signing key first, then the additional keys, for every verifier', () => {
    const env = serviceSecretEnvironment('cart-service', material({ additionalJwtPublicKeys: [next.publicKey] }));
    expect(env.JWT_PUBLIC_KEY).toBe(publicKeyOf(signing.privateKey) + next.publicKey);
    expect(env).not.toHaveProperty('JWT_PREVIOUS_PUBLIC_KEYS');
  });

  it('publishes the additional keys in user-service’s JWKS, and sets nothing when there are none', () => {
    const rotating = serviceSecretEnvironment('user-service', material({ additionalJwtPublicKeys: [next.publicKey] }));
    expect(rotating.JWT_PREVIOUS_PUBLIC_KEYS).toBe(next.publicKey);
    expect(serviceSecretEnvironment('user-service', material())).not.toHaveProperty('JWT_PREVIOUS_PUBLIC_KEYS');
  });

  it('refuses an additional key that is the signing key’s own public half, naming the entry', () => {
    expect(() => jwtPublicKeys(signing.privateKey, [next.publicKey, signing.publicKey])).toThrow(
      /ecommerce:jwt\.additionalPublicKeys\[1\] is the public key of jwtPrivateKey.*remove it/,
    );
  });
});

describe('first admin', () => {
  const admin = { email: 'shop-admin@shop.example.com', password: PASSWORD };

  it('gives ADMIN_EMAIL and ADMIN_PASSWORD to user-service only', () => {
    expect(serviceSecretEnvironment('user-service', material({ admin }))).toMatchObject({
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    for (const service of ['product-service', 'cart-service', 'order-service'] as const) {
      const env = serviceSecretEnvironment(service, material({ admin }));
      expect(Object.keys(env)).not.toContain('ADMIN_EMAIL');
      expect(Object.values(env)).not.toContain(admin.password);
    }
    expect(serviceSecretEnvironment('user-service', material())).not.toHaveProperty('ADMIN_PASSWORD');
  });

  it('refuses a password user-service would refuse at start-up, without printing it', () => {
    const attempt = () => adminEnvironment({ email: 'shop-admin@shop.example.com', password: 'xShop-Admin-2024' });
    expect(attempt).toThrow(/contains the email address.*pulumi up --replace/);
    expect(attempt).not.toThrow(/xShop-Admin-2024/);
  });

  it.each([
    ['a good password', PASSWORD, 'owner@shop.example.com'],
    ['a short one', 'Ab1Ab1Ab1', 'owner@shop.example.com'],
    ['one over 72 bytes', 'éàüö'.repeat(10), 'owner@shop.example.com'],
    ['too few distinct characters', 'abababababababab', 'owner@shop.example.com'],
    ['one containing the local part', 'xxOWNERxx-1234567', 'owner@shop.example.com'],
    ['a short local part inside it', 'Zx9al-Qw8Er7Ty6', 'al@shop.example.com'],
  ])('agrees with user-service’s password policy on %s', (_case, password, email) => {
    expect(adminPasswordProblems(password, email).length > 0).toBe(
      passwordPolicyViolations(password, email).length > 0,
    );
  });

  it('generates passwords well inside the policy: 32 letters and digits of every kind', () => {
    expect(ADMIN_PASSWORD_SPEC).toEqual({ length: 32, special: false, minUpper: 2, minLower: 2, minNumeric: 2 });
    expect(passwordPolicyViolations(PASSWORD, 'owner@shop.example.com')).toEqual([]);
  });
});

describe('cache connection', () => {
  it('builds a TLS URL with the AUTH token as password and no user name', () => {
    expect(redisUrl({ authToken: 'abc123', host: 'master.cache.euw1.cache.amazonaws.com' })).toBe(
      'rediss://:abc123@master.cache.euw1.cache.amazonaws.com:6379',
    );
    expect(redisUrl({ authToken: 'a/b@c', host: 'h', port: 6380 })).toBe('rediss://:a%2Fb%40c@h:6380');
  });

  it('gives REDIS_URL to every service with public routes (they keep rate limits in it), not notification-service', () => {
    const url = 'rediss://:t@h:6379';
    for (const service of SERVICE_NAMES)
      expect(serviceSecretEnvironment(service, material({ redisUrl: url })).REDIS_URL).toBe(
        service === 'notification-service' ? undefined : url,
      );
    expect(serviceSecretEnvironment('cart-service', material())).not.toHaveProperty('REDIS_URL');
  });

  it('opens egress to the cache port in each given subnet only', () => {
    expect(cacheEgressRule(['10.0.0.0/19', '10.0.32.0/19'])).toEqual({
      to: [{ ipBlock: { cidr: '10.0.0.0/19' } }, { ipBlock: { cidr: '10.0.32.0/19' } }],
      ports: [{ port: 6379, protocol: 'TCP' }],
    });
  });
});

describe('broker connection', () => {
  it('builds AMQP_URL over TLS from the broker endpoint, with the credentials URL-encoded', () => {
    expect(
      amqpUrl({ endpoint: 'amqps://b-1.mq.eu-west-1.amazonaws.com:5671', username: 'ecommerce', password: 'p@ss' }),
    ).toBe('amqps://ecommerce:p%40ss@b-1.mq.eu-west-1.amazonaws.com:5671');
    expect(() => amqpUrl({ endpoint: 'amqp://b-1:5672', username: 'u', password: 'p' })).toThrow(/amqps:\/\//);
  });

  it('gives AMQP_URL to the publisher and the consumer only, and refuses to build their Secrets without it', () => {
    const withBroker = SERVICE_NAMES.filter((s) => serviceSecretEnvironment(s, material()).AMQP_URL !== undefined);
    expect(withBroker).toEqual(['order-service', 'notification-service']);
    expect(() => serviceSecretEnvironment('notification-service', material({ amqpUrl: undefined }))).toThrow(
      /No broker URL for notification-service/,
    );
  });

  it('opens egress to the broker port in each given subnet only', () => {
    expect(brokerEgressRule(['10.0.64.0/19'])).toEqual({
      to: [{ ipBlock: { cidr: '10.0.64.0/19' } }],
      ports: [{ port: 5671, protocol: 'TCP' }],
    });
  });
});

describe('mail sender policy', () => {
  it('allows sending, and only sending, through one identity from one address', () => {
    const identityArn = 'arn:aws:ses:eu-west-1:123456789012:identity/mail.shop.example.com';
    const policy = mailSenderPolicy({ identityArn, fromAddress: senderAddress('Shop <orders@mail.shop.example.com>') });
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toEqual({
      Sid: 'SendAsTheShopOnly',
      Effect: 'Allow',
      Action: ['ses:SendEmail', 'ses:SendRawEmail'],
      Resource: identityArn,
      Condition: { StringEquals: { 'ses:FromAddress': 'orders@mail.shop.example.com' } },
    });
    expect(JSON.stringify(policy)).not.toContain('*');
  });

  it('reads the bare address of a sender with or without a display name', () => {
    expect(senderAddress('Shop <orders@mail.shop.example.com>')).toBe('orders@mail.shop.example.com');
    expect(senderAddress('orders@mail.shop.example.com')).toBe('orders@mail.shop.example.com');
  });
});

describe('Secret fingerprint', () => {
  it('is the SHA-256 of the content, whatever the key order, and changes with any value', () => {
    const env = { B: '2', A: '1' };
    const expected = createHash('sha256').update('{"A":"1","B":"2"}').digest('hex');
    expect(secretChecksum(env)).toBe(expected);
    expect(secretChecksum({ A: '1', B: '2' })).toBe(expected);
    expect(secretChecksum({ A: '1', B: '3' })).not.toBe(expected);
  });
});
