import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { testKeys } from '../../../../test/support/keys';
import { jwkThumbprint, publicJwkOf } from './jwk';

describe('JWK thumbprints (RFC 7638)', () => {
  it('matches the example of RFC 7638 section 3.1', () => {
    const rfcKey = {
      kty: 'RSA',
      n:
        '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn6' +
        '4tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n9' +
        '1CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    };
    expect(jwkThumbprint(rfcKey)).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('publishes an EC key with its thumbprint as kid and no private member', () => {
    const jwk = publicJwkOf(createPublicKey(testKeys.publicKey), 'ES256');
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwk).not.toHaveProperty('d');
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The same key in any encoding gets the same kid.
    expect(publicJwkOf(createPublicKey(testKeys.privateKey), 'ES256').kid).toBe(jwk.kid);
    // And the JWK is the key: it converts back to the same public key.
    expect(createPublicKey({ key: { ...jwk }, format: 'jwk' }).equals(createPublicKey(testKeys.publicKey))).toBe(true);
  });

  it('publishes an RSA key with n and e', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = publicJwkOf(rsa.publicKey, 'RS256');
    expect(Object.keys(jwk).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
    expect(jwk.kid).toBe(jwkThumbprint({ kty: 'RSA', n: jwk.n, e: jwk.e }));
  });

  it('refuses key types it has no thumbprint rule for', () => {
    expect(() => jwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: 'abc' })).toThrow('no thumbprint for key type OKP');
  });
});
