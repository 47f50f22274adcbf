import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceConfig } from '@app/config';
import { foreignKeys, testKeys } from '../../../test/support/keys';
import { readUserSettings, UserSettings } from './user-settings';
import { configProblems } from '../../../test/support/settings';

const definition = { token: UserSettings, read: readUserSettings };
const settingsOf = (env: Record<string, string>): UserSettings =>
  loadServiceConfig(identity, env, definition).settings!.value;

const identity = { name: 'user-service', defaultDatabase: 'ecommerce_users', title: 'Users' };
const validEnv = {
  MONGODB_URI: 'mongodb://127.0.0.1:27017',
  JWT_PUBLIC_KEY: testKeys.publicKey,
  JWT_PRIVATE_KEY: testKeys.privateKey,
};

const problemsOf = (env: Record<string, string>): string[] => configProblems(identity, env, definition);

describe('user-service settings', () => {
  it('has production defaults: bcrypt cost 12, 15-minute access tokens, 14-day refresh sessions', () => {
    const extra = settingsOf(validEnv);
    expect(extra).toMatchObject({
      bcryptCost: 12,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 14 * 24 * 3600,
      serviceClients: [],
      bcryptQueueMax: 64,
      sessionAbsoluteTtlSeconds: 30 * 24 * 3600,
      login: { freeFailures: 3, ipMaxFailures: 50, attackDistinctIps: 20, attackLockSeconds: 900 },
    });
    expect(extra.signingKey).toMatchObject({ algorithm: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(extra.bootstrapAdmin).toBeUndefined();
  });

  it('signs RS256 with an RSA key, with the key read from a mounted file too', () => {
    const rsa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const keyFile = join(mkdtempSync(join(tmpdir(), 'user-settings-')), 'jwt-private.pem');
    writeFileSync(keyFile, rsa.privateKey, { mode: 0o600 });
    const extra = settingsOf({
      ...validEnv,
      JWT_PUBLIC_KEY: rsa.publicKey,
      JWT_PRIVATE_KEY: '',
      JWT_PRIVATE_KEY_FILE: keyFile,
    });
    expect(extra.signingKey.algorithm).toBe('RS256');
  });

  it('stops when the private key does not belong to JWT_PUBLIC_KEY, or is missing', () => {
    expect(problemsOf({ ...validEnv, JWT_PRIVATE_KEY: foreignKeys.privateKey })).toEqual([
      'JWT_PRIVATE_KEY does not belong to JWT_PUBLIC_KEY: configure the public key of this private key',
    ]);
    expect(problemsOf({ ...validEnv, JWT_PRIVATE_KEY: '' })).toEqual([
      'JWT_PRIVATE_KEY (or JWT_PRIVATE_KEY_FILE) is required',
    ]);
  });

  it('refuses keys that cannot sign ES256 or RS256', () => {
    const weak = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(problemsOf({ ...validEnv, JWT_PRIVATE_KEY: weak.privateKey, JWT_PUBLIC_KEY: weak.publicKey })).toContain(
      'JWT_PRIVATE_KEY must be an RSA key of at least 2048 bits (RS256) or a P-256 EC key (ES256)',
    );
    expect(
      problemsOf({ ...validEnv, JWT_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' }),
    ).toEqual(['JWT_PRIVATE_KEY is not a readable private key (PKCS#8 or SEC1/PKCS#1 PEM)']);
  });

  it('keeps bcrypt at cost 10 or more in production, and allows 4 elsewhere for fast tests', () => {
    expect(problemsOf({ ...validEnv, BCRYPT_COST: '8' })).toEqual(['BCRYPT_COST must be >= 10, got 8']);
    expect(problemsOf({ ...validEnv, NODE_ENV: 'test', BCRYPT_COST: '4' })).toEqual([]);
    expect(problemsOf({ ...validEnv, BCRYPT_COST: '16' })).toEqual(['BCRYPT_COST must be <= 15, got 16']);
  });

  it('needs ADMIN_EMAIL and ADMIN_PASSWORD together, and a password that meets the policy', () => {
    expect(problemsOf({ ...validEnv, ADMIN_EMAIL: 'ops@example.com' })).toEqual([
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together (or neither)',
    ]);
    const problems = problemsOf({ ...validEnv, ADMIN_EMAIL: 'operator@example.com', ADMIN_PASSWORD: 'operator1' });
    expect(problems).toEqual([
      'ADMIN_PASSWORD does not meet the password policy: password must be at least 12 characters long',
      'ADMIN_PASSWORD does not meet the password policy: password must not contain the email address',
    ]);
    expect(problems.join(' ')).not.toContain('operator1');
    const extra = settingsOf({
      ...validEnv,
      ADMIN_EMAIL: ' Ops@Example.com ',
      ADMIN_PASSWORD: 'a long admin passphrase',
    });
    expect(extra.bootstrapAdmin).toEqual({ email: 'ops@example.com', password: 'a long admin passphrase' });
  });

  it('reports a JWT_PUBLIC_KEY that is armoured but unreadable, and a non-PEM previous key once', () => {
    const broken = '-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----';
    expect(problemsOf({ ...validEnv, JWT_PUBLIC_KEY: broken })).toContain(
      'JWT_PUBLIC_KEY is not a readable public key',
    );
    expect(problemsOf({ ...validEnv, JWT_PREVIOUS_PUBLIC_KEYS: 'ssh-ed25519 AAAA operator' })).toEqual([
      'JWT_PREVIOUS_PUBLIC_KEYS must be a PEM-encoded key',
    ]);
  });

  it('refuses an ADMIN_EMAIL that is not an email address, without blocking the password check', () => {
    expect(
      problemsOf({ ...validEnv, ADMIN_EMAIL: 'ops-at-example', ADMIN_PASSWORD: 'a long admin passphrase' }),
    ).toEqual(['ADMIN_EMAIL is not an email address']);
  });

  it('publishes previous public keys for a rotation and rejects unusable ones', () => {
    const extra = settingsOf({
      ...validEnv,
      JWT_PREVIOUS_PUBLIC_KEYS: `${foreignKeys.publicKey}\n${testKeys.publicKey}`,
    });
    expect(extra.previousPublicKeys).toHaveLength(2);
    const ed = generateKeyPairSync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(problemsOf({ ...validEnv, JWT_PREVIOUS_PUBLIC_KEYS: ed.publicKey as unknown as string })).toEqual([
      'JWT_PREVIOUS_PUBLIC_KEYS key #1 is not an RSA (RS256) or P-256 (ES256) public key',
    ]);
  });

  it('reports its own problems together with the shared ones, each once', () => {
    const problems = problemsOf({ JWT_PRIVATE_KEY: testKeys.privateKey, SERVICE_CLIENTS: 'nope', PORT: 'x' });
    expect(problems).toEqual(
      expect.arrayContaining([
        'MONGODB_URI is required',
        'JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE) is required',
        'PORT must be an integer, got "x"',
        'SERVICE_CLIENTS is not valid JSON; expected a JSON array of { "clientId", "secretSha256", "scopes"? }',
      ]),
    );
    expect(new Set(problems).size).toBe(problems.length);
  });
});
