import { createHash } from 'node:crypto';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeSecrets, writeComposeSecrets } from '../compose/generate-secrets.mjs';

/** Reads a `KEY='value'` file the way the compose wrapper's `. file` does for these values. */
const parseEnvFile = (content: string) =>
  Object.fromEntries(
    content
      .trim()
      .split('\n')
      .map((line) => /^(\w+)='(.*)'$/.exec(line)!.slice(1, 3)),
  );

describe('compose secrets', () => {
  const files = composeSecrets();

  it('makes an ES256 key pair the services accept: the public key verifies what the private key signs', () => {
    const privateKey = createPrivateKey(files['jwt-private.pem'].content);
    const publicKey = createPublicKey(files['jwt-public.pem'].content);
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const signature = sign('sha256', Buffer.from('token'), privateKey);
    expect(verify('sha256', Buffer.from('token'), publicKey, signature)).toBe(true);
    expect(files['jwt-private.pem'].mode).toBe(0o600);
  });

  it('gives user-service the client list and each calling service its own matching credentials', () => {
    const clients = JSON.parse(parseEnvFile(files['user-service.env'].content).SERVICE_CLIENTS) as {
      clientId: string;
      secretSha256: string;
    }[];
    expect(clients.map((client) => client.clientId)).toEqual(['cart-service', 'order-service', 'notification-service']);
    for (const client of clients) {
      const own = parseEnvFile(files[`${client.clientId}.env`].content);
      expect(own.SERVICE_CLIENT_ID).toBe(client.clientId);
      expect(own.SERVICE_CLIENT_SECRET).toMatch(/^[\w-]{43}$/);
      // user-service gets only the hash of each secret.
      expect(createHash('sha256').update(own.SERVICE_CLIENT_SECRET).digest('hex')).toBe(client.secretSha256);
    }
    expect(files['product-service.env']).toBeUndefined();
  });

  it('writes the files once and keeps them on later runs, so tokens survive restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
    try {
      expect(writeComposeSecrets(dir)).toBe(true);
      const publicKey = readFileSync(join(dir, 'jwt-public.pem'), 'utf8');
      expect(statSync(join(dir, 'jwt-private.pem')).mode & 0o777).toBe(0o600);
      expect(writeComposeSecrets(dir)).toBe(false);
      expect(readFileSync(join(dir, 'jwt-public.pem'), 'utf8')).toBe(publicKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
