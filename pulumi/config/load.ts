import * as pulumi from '@pulumi/pulumi';
import { parseStackSettings, type StackSettings } from './settings';

/** Keys of the `ecommerce:` namespace that hold plain (non-secret) values; each is described in Pulumi.yaml. */
const OBJECT_KEYS = [
  'network',
  'cluster',
  'deployRunner',
  'nodeGroup',
  'database',
  'workload',
  'images',
  'edge',
  'jwt',
  'budget',
  'observability',
  'cache',
];
const STRING_KEYS = ['alertEmail', 'adminEmail'];

/** Secrets never committed in clear: set with `pulumi config set --secret` (see docs/pulumi/bootstrap.md). */
export interface StackSecrets {
  /** PEM private key that user-service signs tokens with; the public half is derived from it. */
  jwtPrivateKey: pulumi.Output<string>;
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
  return { jwtPrivateKey: config.requireSecret('jwtPrivateKey') };
}
