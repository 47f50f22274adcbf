import * as pulumi from '@pulumi/pulumi';
import { STRIPE_CONFIG_KEYS } from '../services/payments';
import { parseStackSettings, type StackSettings } from './settings';

/** Keys of the `ecommerce:` namespace that hold plain (non-secret) values; each is described in Pulumi.yaml. */
const OBJECT_KEYS = [
  'network',
  'cluster',
  'deployRunner',
  'access',
  'nodeGroup',
  'database',
  'workload',
  'images',
  'edge',
  'cdn',
  'jwt',
  'budget',
  'observability',
  'cache',
  'messaging',
  'notifications',
  'tracing',
  'logging',
  'gateway',
  'mesh',
];
const STRING_KEYS = ['alertEmail', 'adminEmail'];

/** Secrets never committed in clear: set with `pulumi config set --secret` (see docs/pulumi/bootstrap.md). */
export interface StackSecrets {
  /** PEM private key that user-service signs tokens with; the public half is derived from it. */
  jwtPrivateKey: pulumi.Output<string>;
  /** Stripe's API key (test mode in staging, live in prod) and webhook signing secret, for order-service only. */
  stripe: { secretKey: pulumi.Output<string>; webhookSecret: pulumi.Output<string> };
}

export function loadStackSettings(): StackSettings {
  const config = new pulumi.Config();
  const raw: Record<string, unknown> = {};
  for (const key of OBJECT_KEYS) raw[key] = config.getObject<unknown>(key);
  for (const key of STRING_KEYS) raw[key] = config.get(key);
  const region = new pulumi.Config('aws').require('region');
  return parseStackSettings(pulumi.getStack(), region, raw);
}

export function loadStackSecrets(): StackSecrets {
  const config = new pulumi.Config();
  // requireSecret fails `pulumi preview` on a stack without the key, naming it and the `config set --secret` to run,
  // even before the services are deployed: a stack is not complete without a payment provider.
  return {
    jwtPrivateKey: config.requireSecret('jwtPrivateKey'),
    stripe: {
      secretKey: config.requireSecret(STRIPE_CONFIG_KEYS.secretKey),
      webhookSecret: config.requireSecret(STRIPE_CONFIG_KEYS.webhookSecret),
    },
  };
}
