import { createHash, type KeyObject } from 'node:crypto';

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key: the `kid` user-service puts in token headers
 * and in its JWKS, so verifiers can pick the right key while keys are rotated with overlap.
 */
export function jwkThumbprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' }) as Record<string, string>;
  const members =
    jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { e: jwk.e, kty: jwk.kty, n: jwk.n };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
