import { generateKeyPairSync } from 'node:crypto';

export interface TestKeyPair {
  privateKey: string;
  publicKey: string;
}

/** A throwaway signing key pair in the formats operators paste: PKCS#8 private, SPKI public. */
export function testKeyPair(type: 'es256' | 'rs256' | 'rsa1024' | 'p384'): TestKeyPair {
  const pair =
    type === 'es256' || type === 'p384'
      ? generateKeyPairSync('ec', { namedCurve: type === 'es256' ? 'P-256' : 'P-384' })
      : generateKeyPairSync('rsa', { modulusLength: type === 'rs256' ? 2048 : 1024 });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
