import { createHmac, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** What the forged tokens need to look like the real ones. */
export interface TokenFacts {
  privateKeyPem: string;
  publicKeyPem: string;
  issuer: string;
  audience: string;
}

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = (): number => Math.floor(Date.now() / 1000);

function claims(facts: TokenFacts, sub: string, roles: string[]): Record<string, unknown> {
  return { sub, roles, iss: facts.issuer, aud: facts.audience, iat: now(), exp: now() + 300, jti: randomUUID() };
}

/** `alg: none`: no signature at all. */
export function unsignedToken(facts: TokenFacts, sub: string, roles: string[]): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims(facts, sub, roles))}.`;
}

/** HS256 keyed with the published public key: accepted by verifiers that let the token pick the algorithm. */
export function keyConfusionToken(facts: TokenFacts, sub: string, roles: string[]): string {
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims(facts, sub, roles))}`;
  return `${unsigned}.${createHmac('sha256', facts.publicKeyPem).update(unsigned).digest('base64url')}`;
}

/** Signed with the real key, like a token user-service issues, with or without an expiry. */
export function realKeyToken(
  facts: TokenFacts,
  sub: string,
  roles: string[],
  expiry: 'none' | 'valid' | 'expired',
): string {
  const { exp: _exp, ...rest } = claims(facts, sub, roles);
  const body = expiry === 'none' ? rest : { ...rest, exp: expiry === 'valid' ? now() + 300 : now() - 120 };
  return jwt.sign(body, facts.privateKeyPem, { algorithm: 'ES256' });
}
