import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: nothing to decode, nothing to guess. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are high-entropy random values, so one SHA-256 is enough to store them safely (no salt or bcrypt). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
