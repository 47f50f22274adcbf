import { createHash, generateKeyPairSync } from 'node:crypto';
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

/** Changes an operator makes to a stack's config with `pulumi config set/rm` (keys with their namespace). */
export type ConfigEdit = (config: Record<string, unknown>) => void;

/**
 * The committed stack file turned into the flat config map Pulumi hands a program, with the required
 * secret added as `pulumi config set --secret` would. Images can be filled as CD would (set-images), and
 * other keys edited as an operator would.
 */
export function programConfig(stack: StackName, images?: Record<ServiceName, ImageRef>, edit?: ConfigEdit) {
  const text = images ? writeImages(stackFileText(stack), images).text : stackFileText(stack);
  const values = (YAML.parse(text) as { config: Record<string, unknown> }).config;
  edit?.(values);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(values))
    config[key] = typeof value === 'string' ? value : JSON.stringify(value);
  config['ecommerce:jwtPrivateKey'] = TEST_JWT_PRIVATE_KEY;
  return { config, secretKeys: ['ecommerce:jwtPrivateKey'] };
}
