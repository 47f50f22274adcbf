import { createHash, createPublicKey } from 'node:crypto';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '../config/services';

/** Secret material every service Secret is assembled from (plain strings: call inside `apply`). */
export interface SecretMaterial {
  /** Connection string per service, each with that service's own database user. */
  mongodbUris: Record<ServiceName, string>;
  /** PEM private key user-service signs tokens with. */
  jwtPrivateKey: string;
  /** Client secret of every service that calls others with client credentials. */
  clientSecrets: Partial<Record<ServiceName, string>>;
}

/** The public half of the signing key, which every service verifies tokens with. */
export function publicKeyOf(privateKeyPem: string): string {
  return createPublicKey(privateKeyPem).export({ type: 'spki', format: 'pem' }).toString();
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
    JWT_PUBLIC_KEY: publicKeyOf(m.jwtPrivateKey),
  };
  if (service === 'user-service') {
    env.JWT_PRIVATE_KEY = m.jwtPrivateKey;
    env.SERVICE_CLIENTS = JSON.stringify(serviceClients(m.clientSecrets));
  }
  if (SERVICES[service].isServiceClient) {
    const secret = m.clientSecrets[service];
    if (!secret) throw new Error(`No client secret generated for ${service}`);
    env.SERVICE_CLIENT_SECRET = secret;
  }
  return env;
}
