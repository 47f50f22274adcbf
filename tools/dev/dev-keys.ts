import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  if (!existsSync(clientsFile)) {
    // 32 random bytes: user-service stores only a SHA-256 of each (docs/contracts/internal-api.md).
    const clients = ['cart-service', 'order-service'].map((clientId) => ({
      clientId,
      clientSecret: randomBytes(32).toString('base64url'),
    }));
    writeFileSync(clientsFile, JSON.stringify(clients, null, 2), { mode: 0o600 });
  }
  const serviceClients = JSON.parse(readFileSync(clientsFile, 'utf8')) as DevSecrets['serviceClients'];
  return { privateKeyFile, publicKeyFile, serviceClients };
}
