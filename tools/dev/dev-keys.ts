import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The services that call others as themselves (client-credentials grant at user-service). */
export const SERVICE_CLIENT_IDS = ['cart-service', 'order-service', 'notification-service'] as const;

export interface DevSecrets {
  privateKeyFile: string;
  publicKeyFile: string;
  /** Client credentials of the services that call others as themselves. */
  serviceClients: { clientId: string; clientSecret: string }[];
}

/**
 * Development-only JWT signing keys (ES256) and service client secrets, generated once under .dev/ (git
 * ignored) and reused, so tokens survive restarts of `npm run dev`. Production keys come from Secrets.
 */
export function ensureDevSecrets(dir: string): DevSecrets {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const privateKeyFile = join(dir, 'jwt-private.pem');
  const publicKeyFile = join(dir, 'jwt-public.pem');
  if (!existsSync(privateKeyFile) || !existsSync(publicKeyFile)) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    writeFileSync(privateKeyFile, privateKey, { mode: 0o600 });
    writeFileSync(publicKeyFile, publicKey, { mode: 0o644 });
  }
  const clientsFile = join(dir, 'service-clients.json');
  const known = existsSync(clientsFile)
    ? (JSON.parse(readFileSync(clientsFile, 'utf8')) as DevSecrets['serviceClients'])
    : [];
  // A service that became a client after the file was written gets a secret too; existing secrets are kept.
  const missing = SERVICE_CLIENT_IDS.filter((clientId) => !known.some((client) => client.clientId === clientId));
  const serviceClients = [
    ...known,
    // 32 random bytes: user-service stores only a SHA-256 of each (docs/contracts/internal-api.md).
    ...missing.map((clientId) => ({ clientId, clientSecret: randomBytes(32).toString('base64url') })),
  ];
  if (missing.length > 0) writeFileSync(clientsFile, JSON.stringify(serviceClients, null, 2), { mode: 0o600 });
  return { privateKeyFile, publicKeyFile, serviceClients };
}
