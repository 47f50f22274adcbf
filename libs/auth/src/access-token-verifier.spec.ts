import { generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { signTestToken, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { AccessTokenVerifier } from './access-token-verifier';
import { type AuthenticationError } from './auth-errors';
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
