import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** A fresh ES256 key pair per test process: the "user-service" of the tests. */
export const testKeys = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/** Another key pair, for tokens signed by somebody else. */
export const foreignKeys = generateKeyPairSync('ec', {
  namedCurve: 'P-256',
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

export const TEST_ISSUER = 'ecommerce-user-service';
export const TEST_AUDIENCE = 'ecommerce-api';

export interface TokenOptions {
  sub?: string;
  roles?: string[];
  expiresInSeconds?: number;
  privateKey?: string;
  issuer?: string;
  audience?: string;
  /** The `scope` claim of a service token, space-separated (e.g. 'stock:reserve cart:clear'). */
  scope?: string;
}

export function signTestToken(options: TokenOptions = {}): string {
  const claims = { roles: options.roles ?? ['customer'], ...(options.scope ? { scope: options.scope } : {}) };
  return jwt.sign(claims, options.privateKey ?? testKeys.privateKey, {
    algorithm: 'ES256',
    subject: options.sub ?? '65a000000000000000000001',
    issuer: options.issuer ?? TEST_ISSUER,
    audience: options.audience ?? TEST_AUDIENCE,
    expiresIn: options.expiresInSeconds ?? 300,
  });
}

/** A token with `alg: none`: no signature at all. */
export function unsignedToken(sub = '65a000000000000000000001'): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub, roles: ['admin'], iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now, exp: now + 300 })}.`;
}
