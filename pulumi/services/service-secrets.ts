import { createHash } from 'node:crypto';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../config/services';
import { adminEnvironment } from './admin-bootstrap';
import { jwtPublicKeys } from './jwt-public-keys';
import { stripeEnvironment, type StripeKeys } from './payments';

export { publicKeyOf } from './jwt-public-keys';

/** Secret material every service Secret is assembled from (plain strings: call inside `apply`). */
export interface SecretMaterial {
  /** Connection string per service, each with that service's own database user. */
  mongodbUris: Record<ServiceName, string>;
  /** PEM private key user-service signs tokens with. */
  jwtPrivateKey: string;
  /** Public keys accepted besides the signing key's own while keys rotate (`ecommerce:jwt.additionalPublicKeys`). */
  additionalJwtPublicKeys: string[];
  /** Client secret of every service that calls others with client credentials. */
  clientSecrets: Partial<Record<ServiceName, string>>;
  /** `rediss://` URL of the shared cache, for the services that use it. */
  redisUrl?: string;
  /** The first admin user-service creates at start-up (`ecommerce:adminEmail` and its generated password). */
  admin?: { email: string; password: string };
  /** Stripe's API key and webhook signing secret, for the service that takes payments only. */
  stripe: StripeKeys;
  /** `amqps://` URL of the stack's broker with its credentials, for the services on the bus only. */
  amqpUrl?: string;
}

/**
 * Clients user-service accepts on its token endpoint. It holds only SHA-256 hashes of their secrets
 * (docs/contracts/internal-api.md): the secrets are random, 48 characters, so a fast hash is enough.
 */
export function serviceClients(clientSecrets: SecretMaterial['clientSecrets']) {
  return SERVICE_NAMES.filter((s) => SERVICES[s].isServiceClient).map((clientId) => {
    const clientSecret = clientSecrets[clientId];
    if (!clientSecret) throw new Error(`No client secret generated for ${clientId}`);
    return { clientId, secretSha256: createHash('sha256').update(clientSecret).digest('hex') };
  });
}

/** Environment variables of the service's Secret: exactly the keys the chart contract expects. */
export function serviceSecretEnvironment(service: ServiceName, m: SecretMaterial): Record<string, string> {
  const env: Record<string, string> = {
    MONGODB_URI: m.mongodbUris[service],
    // Concatenated PEM blocks, the signing key's own first (see jwtPublicKeys).
    JWT_PUBLIC_KEY: jwtPublicKeys(m.jwtPrivateKey, m.additionalJwtPublicKeys).join(''),
  };
  if (service === 'user-service') {
    env.JWT_PRIVATE_KEY = m.jwtPrivateKey;
    env.SERVICE_CLIENTS = JSON.stringify(serviceClients(m.clientSecrets));
    // Published in the JWKS next to the signing key, so clients that cache the JWKS know every accepted key.
    if (m.additionalJwtPublicKeys.length > 0) env.JWT_PREVIOUS_PUBLIC_KEYS = m.additionalJwtPublicKeys.join('');
    if (m.admin) Object.assign(env, adminEnvironment(m.admin));
  }
  if (SERVICES[service].isServiceClient) {
    const secret = m.clientSecrets[service];
    if (!secret) throw new Error(`No client secret generated for ${service}`);
    env.SERVICE_CLIENT_SECRET = secret;
  }
  if (SERVICES[service].usesRedis && m.redisUrl) env.REDIS_URL = m.redisUrl;
  if (SERVICES[service].takesPayments) Object.assign(env, stripeEnvironment(m.stripe));
  if (SERVICES[service].usesBroker) {
    if (!m.amqpUrl) throw new Error(`No broker URL for ${service}, which is on the event bus`);
    env.AMQP_URL = m.amqpUrl;
  }
  return env;
}

/**
 * Fingerprint of a Secret's content for the pod template (`podAnnotations`): the charts read the Secret by
 * reference and only checksum their own ConfigMap, so without it a changed Secret would reach the pods only
 * when they happen to restart. SHA-256 over values that include long random passwords reveals nothing.
 */
export function secretChecksum(env: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(env).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}
