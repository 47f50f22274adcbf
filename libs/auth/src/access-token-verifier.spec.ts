import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signTestToken, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { AccessTokenVerifier } from './access-token-verifier';
import { type AuthenticationError } from './auth-errors';
import { jwkThumbprint } from './jwk-thumbprint';
import { RequestAuthenticator } from './request-authenticator';

const verifier = new AccessTokenVerifier({
  publicKey: testKeys.publicKey,
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
});

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as AuthenticationError).code;
  }
}

describe('AccessTokenVerifier', () => {
  it('refuses a token without a roles list: every caller has at least one role', () => {
    const token = jwt.sign({ roles: 'admin' }, testKeys.privateKey, {
      algorithm: 'ES256',
      subject: 'u1',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      expiresIn: 60,
    });
    expect(codeOf(() => verifier.verify(token))).toBe('TOKEN_INVALID');
  });

  it('accepts a valid ES256 token and returns the caller with known roles only', () => {
    const token = jwt.sign({ roles: ['admin', 'superuser'] }, testKeys.privateKey, {
      algorithm: 'ES256',
      subject: 'u1',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      expiresIn: 60,
    });
    expect(verifier.verify(token)).toEqual({ id: 'u1', roles: ['admin'] });
  });

  it('accepts RS256 when the public key is RSA', () => {
    const rsa = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const rsaVerifier = new AccessTokenVerifier({
      publicKey: rsa.publicKey,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    const token = jwt.sign({ roles: ['customer'] }, rsa.privateKey, {
      algorithm: 'RS256',
      subject: 'u2',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      expiresIn: 60,
    });
    expect(rsaVerifier.verify(token).id).toBe('u2');
  });

  it('refuses an HS256 token signed with the public key as an HMAC secret (algorithm confusion)', () => {
    const forged = jwt.sign({ roles: ['admin'] }, 'not-the-key', {
      algorithm: 'HS256',
      subject: 'u1',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    expect(codeOf(() => verifier.verify(forged))).toBe('TOKEN_INVALID');
  });

  it('distinguishes expired from invalid tokens and checks issuer, subject and roles', () => {
    expect(codeOf(() => verifier.verify(signTestToken({ expiresInSeconds: -30 })))).toBe('TOKEN_EXPIRED');
    expect(codeOf(() => verifier.verify(signTestToken({ issuer: 'evil' })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifier.verify(signTestToken({ roles: [] })))).toBe('TOKEN_INVALID');
    expect(codeOf(() => verifier.verify('abc.def.ghi'))).toBe('TOKEN_INVALID');
  });

  it('refuses a token without exp: it would never expire', () => {
    const eternal = jwt.sign({ roles: ['admin'] }, testKeys.privateKey, {
      algorithm: 'ES256',
      subject: 'u1',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    });
    expect(codeOf(() => verifier.verify(eternal))).toBe('TOKEN_INVALID');
  });

  it('reads the scope claim of service tokens, keeping known scopes only', () => {
    const token = signTestToken({
      sub: 'order-service',
      roles: ['service'],
      scope: 'stock:reserve admin:all cart:clear',
    });
    expect(verifier.verify(token)).toEqual({
      id: 'order-service',
      roles: ['service'],
      scopes: ['stock:reserve', 'cart:clear'],
    });
  });

  it('refuses keys it cannot use for ES256 or RS256', () => {
    const ed = generateKeyPairSync('ed25519', {
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    expect(() => new AccessTokenVerifier({ publicKey: ed.publicKey, issuer: 'i', audience: 'a' })).toThrow(
      'RSA key (RS256) or a P-256 EC key',
    );
  });
});

describe('key rotation', () => {
  const next = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const rotating = new AccessTokenVerifier({
    publicKey: `${testKeys.publicKey}\n${next.publicKey}`,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
  });
  const sign = (privateKey: string, kid?: string) =>
    jwt.sign({ roles: ['customer'] }, privateKey, {
      algorithm: 'ES256',
      subject: 'u1',
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      expiresIn: 60,
      ...(kid ? { keyid: kid } : {}),
    });

  it('accepts tokens of the old and the new key while both are configured, by kid or without one', () => {
    const [oldKid, newKid] = rotating.keyIds;
    expect(rotating.verify(sign(testKeys.privateKey, oldKid)).id).toBe('u1');
    expect(rotating.verify(sign(next.privateKey, newKid)).id).toBe('u1');
    expect(rotating.verify(sign(next.privateKey)).id).toBe('u1');
  });

  it('refuses a token whose kid names a key that is not configured, or the wrong one', () => {
    expect(codeOf(() => rotating.verify(sign(next.privateKey, 'unknown-kid')))).toBe('TOKEN_INVALID');
    expect(codeOf(() => rotating.verify(sign(next.privateKey, rotating.keyIds[0])))).toBe('TOKEN_INVALID');
  });

  it('computes RFC 7638 thumbprints (the RFC example key)', () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    const key = createPublicKey({ key: { kty: 'RSA', n, e: 'AQAB' }, format: 'jwk' });
    expect(jwkThumbprint(key)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });
});

describe('RequestAuthenticator', () => {
  const authenticator = new RequestAuthenticator(verifier);

  it('verifies once per request and remembers the outcome', () => {
    const request = { headers: { authorization: `Bearer ${signTestToken({ sub: 'u9' })}` } } as Parameters<
      RequestAuthenticator['authenticate']
    >[0];
    authenticator.authenticate(request);
    request.headers.authorization = 'Bearer garbage';
    authenticator.authenticate(request);
    expect(request.user?.id).toBe('u9');
  });

  it('records a malformed header as an invalid token, and no header as anonymous', () => {
    const malformed = { headers: { authorization: 'Basic dXNlcjpwYXNz' } } as Parameters<
      RequestAuthenticator['authenticate']
    >[0];
    authenticator.authenticate(malformed);
    expect(malformed.authError?.code).toBe('TOKEN_INVALID');
    const anonymous = { headers: {} } as Parameters<RequestAuthenticator['authenticate']>[0];
    authenticator.authenticate(anonymous);
    expect(anonymous.user).toBeUndefined();
    expect(anonymous.authError).toBeUndefined();
  });
});
