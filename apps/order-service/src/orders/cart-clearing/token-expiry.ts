/** Longest we hold on to a shopper's token for retries when it carries no readable expiry. */
const FALLBACK_MS = 5 * 60_000;

/**
 * When the (already verified) bearer token in an Authorization header expires, in epoch ms. Only the
 * claim is read here; verification happened in the auth guard of the request that carried it.
 */
export function tokenExpiresAt(authorization: string, now = Date.now()): number {
  const payload = authorization.replace(/^Bearer\s+/i, '').split('.')[1];
  try {
    const exp = (JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? Math.min(exp * 1000, now + FALLBACK_MS) : now + FALLBACK_MS;
  } catch {
    return now + FALLBACK_MS;
  }
}
