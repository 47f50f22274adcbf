import { createHash, type KeyObject } from 'node:crypto';

/** A public signing key as published in the JWKS document (RFC 7517). */
export interface PublicJwk {
  kty: 'EC' | 'RSA';
  kid: string;
  alg: 'ES256' | 'RS256';
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

/** The members RFC 7638 hashes, per key type, in the lexicographic order it requires. */
const THUMBPRINT_MEMBERS: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  RSA: ['e', 'kty', 'n'],
};

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the same key always gets the same `kid`. */
export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members = THUMBPRINT_MEMBERS[String(jwk.kty)];
  if (!members) throw new Error(`no thumbprint for key type ${String(jwk.kty)}`);
  const canonical = `{${members.map((name) => `${JSON.stringify(name)}:${JSON.stringify(jwk[name])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The public JWK of an ES256 (P-256) or RS256 key, with its thumbprint as `kid`. */
export function publicJwkOf(publicKey: KeyObject, alg: 'ES256' | 'RS256'): PublicJwk {
  const exported = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const material =
    exported.kty === 'EC' ? { crv: exported.crv, x: exported.x, y: exported.y } : { n: exported.n, e: exported.e };
  const kty = exported.kty as 'EC' | 'RSA';
  return { kty, kid: jwkThumbprint({ kty, ...material }), alg, use: 'sig', ...material };
}
