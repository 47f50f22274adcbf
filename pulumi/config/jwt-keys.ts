import { createPublicKey, type KeyObject } from 'node:crypto';
import type { ConfigReader } from './reader';

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;
/** What user-service and libs/auth accept (apps/user-service/src/tokens/signing-key.ts): RS256 of 2048+ bits, or ES256. */
const MIN_RSA_BITS = 2048;
/** user-service's JWKS lists at most 10 keys (its API contract): the signing key and nine others. */
const MAX_ADDITIONAL_KEYS = 9;

/** The key, or why the services could not verify tokens with it. Messages never repeat the key material. */
function parsePublicKey(item: unknown): KeyObject | string {
  if (typeof item !== 'string') return 'expected a PEM public key (a string)';
  // createPublicKey would quietly derive a public key from a private one: refuse it, it must never be in the file.
  if (/PRIVATE KEY/.test(item)) return 'is a private key: list public keys only (openssl pkey -pubout)';
  const blocks = item.match(PEM_BLOCK) ?? [];
  if (blocks.length !== 1) return `holds ${blocks.length} PEM blocks: give exactly one public key per list item`;
  let key: KeyObject;
  try {
    key = createPublicKey(blocks[0]);
  } catch {
    return 'is not a readable PEM public key';
  }
  const details = key.asymmetricKeyDetails ?? {};
  const es256 = key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1';
  const rs256 = key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= MIN_RSA_BITS;
  if (!es256 && !rs256) return `must be an RSA key of at least ${MIN_RSA_BITS} bits (RS256) or a P-256 EC key (ES256)`;
  return key;
}

/** The SPKI PEM keys are compared and rendered in, whatever formatting the operator pasted. */
export function canonicalPublicKey(key: string | KeyObject): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * `jwt.additionalPublicKeys`: public keys accepted next to the signing key's own during a rotation with
 * overlap (docs/operations/jwt-key-rotation.md). Each must be a public RS256/ES256 key, listed once;
 * returned in canonical SPKI PEM. Whether one equals the signing key's public half is only known once the
 * secret is decrypted, so that check is in `jwtPublicKeys` (pulumi/services/jwt-public-keys.ts).
 */
export function readAdditionalPublicKeys(jwt: ConfigReader): string[] {
  const seen = new Map<string, number>();
  const items = jwt.list('additionalPublicKeys', []);
  if (items.length > MAX_ADDITIONAL_KEYS)
    jwt.problem('additionalPublicKeys', `at most ${MAX_ADDITIONAL_KEYS} keys (a rotation needs one)`);
  items.forEach((item, index) => {
    const at = `additionalPublicKeys[${index}]`;
    const key = parsePublicKey(item);
    if (typeof key === 'string') return jwt.problem(at, key);
    const canonical = canonicalPublicKey(key);
    const first = seen.get(canonical);
    if (first !== undefined) return jwt.problem(at, `is the same key as additionalPublicKeys[${first}]: list it once`);
    seen.set(canonical, index);
  });
  return [...seen.keys()];
}
