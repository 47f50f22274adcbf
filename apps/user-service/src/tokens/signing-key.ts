import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { algorithmFor } from '@app/auth';
import { publicJwkOf, type PublicJwk } from './jwk';

/** The key user-service signs access tokens with, and what it publishes about it. */
export interface SigningKey {
  privateKey: KeyObject;
  algorithm: 'ES256' | 'RS256';
  /** RFC 7638 thumbprint of the public key, sent as the `kid` header. */
  kid: string;
  jwk: PublicJwk;
}

const MIN_RSA_BITS = 2048;

function parse<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function algorithmOf(key: KeyObject): 'ES256' | 'RS256' | undefined {
  const algorithm = parse(() => algorithmFor(key));
  if (algorithm === 'RS256' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) return undefined;
  return algorithm === 'ES256' || algorithm === 'RS256' ? algorithm : undefined;
}

/**
 * Reads the signing key and proves it belongs to JWT_PUBLIC_KEY, which this service (like every other one)
 * verifies tokens with: a mismatch would make every token it mints unusable, so it stops start-up instead.
 */
export function loadSigningKey(
  privatePem: string | undefined,
  publicPem: string | undefined,
  problems: string[],
): SigningKey | undefined {
  if (!privatePem) return undefined;
  const privateKey = parse(() => createPrivateKey(privatePem));
  if (!privateKey) {
    problems.push('JWT_PRIVATE_KEY is not a readable private key (PKCS#8 or SEC1/PKCS#1 PEM)');
    return undefined;
  }
  const publicKey = createPublicKey(privateKey);
  const algorithm = algorithmOf(publicKey);
  if (!algorithm) {
    problems.push(
      `JWT_PRIVATE_KEY must be an RSA key of at least ${MIN_RSA_BITS} bits (RS256) or a P-256 EC key (ES256)`,
    );
    return undefined;
  }
  const configuredPublic = publicPem ? parse(() => createPublicKey(publicPem)) : undefined;
  if (publicPem && !configuredPublic) problems.push('JWT_PUBLIC_KEY is not a readable public key');
  if (configuredPublic && !configuredPublic.equals(publicKey))
    problems.push('JWT_PRIVATE_KEY does not belong to JWT_PUBLIC_KEY: configure the public key of this private key');
  const jwk = publicJwkOf(publicKey, algorithm);
  return { privateKey, algorithm, kid: jwk.kid, jwk };
}

/** Public keys of earlier signing keys, still published so tokens they signed verify until they expire. */
export function loadPreviousPublicKeys(bundle: string | undefined, problems: string[]): PublicJwk[] {
  if (!bundle) return [];
  const blocks = bundle.match(/-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g) ?? [];
  return blocks.flatMap((block, index) => {
    const key = parse(() => createPublicKey(block));
    const algorithm = key && algorithmOf(key);
    if (!key || !algorithm) {
      problems.push(`JWT_PREVIOUS_PUBLIC_KEYS key #${index + 1} is not an RSA (RS256) or P-256 (ES256) public key`);
      return [];
    }
    return [publicJwkOf(key, algorithm)];
  });
}
