// One-shot secret generation for docker-compose.yml: an ES256 JWT key pair and the service-client credentials,
// written once into the compose volume and reused on later `up`s (the same shapes tools/dev/dev-keys.ts writes for
// `npm run dev`). Nothing here is a production secret; production keys live in AWS (docs/operations/secrets.md).
// Usage: node generate-secrets.mjs DIR
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The uid the service images run as (Dockerfile `USER`). */
export const SERVICE_UID = 10001;

/** Files to write: name -> { content, mode }. Pure, so it is testable without touching a disk. */
export function composeSecrets(random = (bytes) => randomBytes(bytes).toString('base64url')) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const clients = ['cart-service', 'order-service', 'notification-service'].map((clientId) => ({
    clientId,
    clientSecret: random(32),
  }));
  const envFile = (values) =>
    Object.entries(values)
      .map(([key, value]) => `${key}='${value}'\n`)
      .join('');
  const files = {
    'jwt-private.pem': { content: privateKey, mode: 0o600 },
    'jwt-public.pem': { content: publicKey, mode: 0o644 },
    'user-service.env': {
      // user-service holds only hashes of the client secrets (docs/contracts/internal-api.md).
      content: envFile({
        SERVICE_CLIENTS: JSON.stringify(
          clients.map(({ clientId, clientSecret }) => ({
            clientId,
            secretSha256: createHash('sha256').update(clientSecret).digest('hex'),
          })),
        ),
      }),
      mode: 0o600,
    },
  };
  for (const client of clients) {
    files[`${client.clientId}.env`] = {
      content: envFile({ SERVICE_CLIENT_ID: client.clientId, SERVICE_CLIENT_SECRET: client.clientSecret }),
      mode: 0o600,
    };
  }
  return files;
}

export function writeComposeSecrets(dir, owner = SERVICE_UID) {
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, 'jwt-public.pem'))) return false;
  for (const [name, { content, mode }] of Object.entries(composeSecrets())) {
    const file = join(dir, name);
    writeFileSync(file, content, { mode });
    if (process.getuid?.() === 0) chownSync(file, owner, owner);
  }
  return true;
}

if (process.argv[1]?.endsWith('generate-secrets.mjs')) {
  const dir = process.argv[2] ?? '/secrets';
  console.log(writeComposeSecrets(dir) ? `generated secrets in ${dir}` : `secrets in ${dir} already exist: kept`);
}
