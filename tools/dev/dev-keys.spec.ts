import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDevSecrets } from './dev-keys';

describe('ensureDevSecrets', () => {
  let dir: string;
  beforeEach(() => (dir = join(mkdtempSync(join(tmpdir(), 'dev-keys-')), '.dev')));
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('creates an ES256 key pair and client secrets for cart-, order- and notification-service, readable only by the owner', () => {
    const secrets = ensureDevSecrets(dir);
    expect(createPrivateKey(readFileSync(secrets.privateKeyFile)).asymmetricKeyDetails).toEqual({
      namedCurve: 'prime256v1',
    });
    expect(secrets.serviceClients.map(({ clientId }) => clientId)).toEqual([
      'cart-service',
      'order-service',
      'notification-service',
    ]);
    for (const { clientSecret } of secrets.serviceClients) expect(clientSecret).toMatch(/^[\w-]{43}$/);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(secrets.privateKeyFile).mode & 0o077).toBe(0);
    expect(statSync(join(dir, 'service-clients.json')).mode & 0o077).toBe(0);
  });

  it('reuses the keys and secrets on later runs, so tokens survive restarts', () => {
    const first = ensureDevSecrets(dir);
    const privateKey = readFileSync(first.privateKeyFile, 'utf8');
    expect(ensureDevSecrets(dir)).toEqual(first);
    expect(readFileSync(first.privateKeyFile, 'utf8')).toBe(privateKey);
  });

  it('replaces a half-present key pair with a matching new one, keeping the client secrets', () => {
    const first = ensureDevSecrets(dir);
    const oldPrivate = readFileSync(first.privateKeyFile, 'utf8');
    rmSync(first.publicKeyFile);
    const second = ensureDevSecrets(dir);
    expect(readFileSync(second.privateKeyFile, 'utf8')).not.toBe(oldPrivate);
    const derived = createPublicKey(readFileSync(second.privateKeyFile)).export({ type: 'spki', format: 'pem' });
    expect(readFileSync(second.publicKeyFile, 'utf8')).toBe(derived);
    expect(second.serviceClients).toEqual(first.serviceClients);
  });

  it('adds a secret for a service that became a client after the file was written, keeping the others', () => {
    mkdirSync(dir, { recursive: true });
    const older = [
      { clientId: 'cart-service', clientSecret: 'cart-secret-from-an-earlier-checkout' },
      { clientId: 'order-service', clientSecret: 'order-secret-from-an-earlier-checkout' },
    ];
    writeFileSync(join(dir, 'service-clients.json'), JSON.stringify(older), { mode: 0o600 });
    const secrets = ensureDevSecrets(dir);
    expect(secrets.serviceClients.slice(0, 2)).toEqual(older);
    expect(secrets.serviceClients[2]).toEqual({ clientId: 'notification-service', clientSecret: expect.any(String) });
    expect(ensureDevSecrets(dir).serviceClients).toEqual(secrets.serviceClients);
  });
});
