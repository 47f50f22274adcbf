import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import type { ImageRef } from '../../config/images';
import { SERVICE_NAMES, type ServiceName } from '../../config/services';
import { writeImages } from '../../scripts/lib/image-config';
import { ACCOUNT } from './mocks';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export type StackName = 'staging' | 'prod';

export function stackFileText(stack: StackName): string {
  return readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), 'utf8');
}

/** A stack file's `ecommerce:` keys without the prefix, as the program reads them. */
export function stackEcommerceConfig(stack: StackName): Record<string, unknown> {
  const config = YAML.parse(stackFileText(stack)).config as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith('ecommerce:'))
      .map(([key, value]) => [key.slice('ecommerce:'.length), value]),
  );
}

/** A deterministic, valid digest per service and build, for fixtures. */
export function fakeDigest(seed: string): string {
  return `sha256:${createHash('sha256').update(seed).digest('hex')}`;
}

export function fixtureImages(stack: StackName, build = 'build-1'): Record<ServiceName, ImageRef> {
  return Object.fromEntries(
    SERVICE_NAMES.map((s) => [
      s,
      {
        repository: `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/ecommerce-${stack}/${s}`,
        digest: fakeDigest(`${s}-${build}`),
      },
    ]),
  ) as Record<ServiceName, ImageRef>;
}

/** A throwaway signing key, generated per run: never a committed secret. */
export const TEST_JWT_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/**
 * Stripe-shaped keys made up per run, never a committed key (nor one a secret scanner would flag in the repo): the
 * mode each stack must hold, test in staging and live in prod.
 */
export const TEST_STRIPE_KEYS: Record<StackName, { secretKey: string; webhookSecret: string }> = {
  staging: {
    secretKey: `sk_test_${randomBytes(24).toString('hex')}`,
    webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
  },
  prod: {
    secretKey: `rk_live_${randomBytes(24).toString('hex')}`,
    webhookSecret: `whsec_${randomBytes(24).toString('hex')}`,
  },
};

/** Changes an operator makes to a stack's config with `pulumi config set/rm` (keys with their namespace). */
export type ConfigEdit = (config: Record<string, unknown>) => void;

/**
 * The committed stack file turned into the flat config map Pulumi hands a program, with the required
 * secrets added as `pulumi config set --secret` would (an edit may remove them again). Images can be filled as CD would (set-images), and
 * other keys edited as an operator would.
 */
export function programConfig(stack: StackName, images?: Record<ServiceName, ImageRef>, edit?: ConfigEdit) {
  const text = images ? writeImages(stackFileText(stack), images).text : stackFileText(stack);
  const values: Record<string, unknown> = {
    ...(YAML.parse(text) as { config: Record<string, unknown> }).config,
    'ecommerce:jwtPrivateKey': TEST_JWT_PRIVATE_KEY,
    'ecommerce:stripeSecretKey': TEST_STRIPE_KEYS[stack].secretKey,
    'ecommerce:stripeWebhookSecret': TEST_STRIPE_KEYS[stack].webhookSecret,
  };
  const secretKeys = ['ecommerce:jwtPrivateKey', 'ecommerce:stripeSecretKey', 'ecommerce:stripeWebhookSecret'];
  edit?.(values);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return { config, secretKeys: secretKeys.filter((key) => key in config) };
}
