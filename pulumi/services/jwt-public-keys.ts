import { canonicalPublicKey } from '../config/jwt-keys';

/** The public half of the signing key, which every service verifies tokens with. */
export function publicKeyOf(privateKeyPem: string): string {
  return canonicalPublicKey(privateKeyPem);
}

/**
 * Every key the services accept, the signing key's own first: user-service checks that its private key
 * belongs to the first PEM block of JWT_PUBLIC_KEY, and the verifiers pick among all blocks by `kid`.
 * The additional keys are the other half of a rotation (docs/operations/jwt-key-rotation.md); listing the
 * signing key's own there is refused because it means the rotation steps were mixed up.
 */
export function jwtPublicKeys(privateKeyPem: string, additionalPublicKeys: string[]): string[] {
  const own = publicKeyOf(privateKeyPem);
  const index = additionalPublicKeys.findIndex((key) => canonicalPublicKey(key) === own);
  if (index >= 0) {
    throw new Error(
      `ecommerce:jwt.additionalPublicKeys[${index}] is the public key of jwtPrivateKey, which is always accepted: ` +
        'remove it (after switching jwtPrivateKey, list the previous public key instead)',
    );
  }
  return [own, ...additionalPublicKeys];
}
