/** What login and refresh answer (user-service's TokenView). */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token in seconds. */
  expiresIn: number;
}

export function isTokenPair(body: Record<string, unknown>): body is Record<string, unknown> & TokenPair {
  return (
    typeof body.accessToken === 'string' &&
    typeof body.refreshToken === 'string' &&
    typeof body.expiresIn === 'number' &&
    body.expiresIn > 0
  );
}

/**
 * A shopper's session as a real client keeps it: the access token is refreshed a little before it expires (a
 * tenth of its lifetime, at most a minute), so no request goes out with a token about to lapse; a request that
 * still meets 401 TOKEN_EXPIRED (clock skew, a long think) refreshes and is sent once more.
 */
export class Session {
  accessToken: string;
  refreshToken: string;
  private refreshAtMs: number;

  constructor(tokens: TokenPair, nowMs: number) {
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
    this.refreshAtMs = refreshAt(tokens.expiresIn, nowMs);
  }

  needsRefresh(nowMs: number): boolean {
    return nowMs >= this.refreshAtMs;
  }

  /** Refresh tokens are single use: the pair answered replaces the old one. */
  renew(tokens: TokenPair, nowMs: number): void {
    this.accessToken = tokens.accessToken;
    this.refreshToken = tokens.refreshToken;
    this.refreshAtMs = refreshAt(tokens.expiresIn, nowMs);
  }
}

function refreshAt(expiresInSeconds: number, nowMs: number): number {
  const lifetimeMs = expiresInSeconds * 1000;
  return nowMs + lifetimeMs - Math.min(60_000, lifetimeMs / 10);
}

/**
 * How long to wait before retrying a 503: its Retry-After (delay-seconds or an HTTP date), else `fallbackMs`,
 * never more than `maxMs` (a server asking for minutes is answered by ending the visit, not by waiting).
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number, fallbackMs = 1_000, maxMs = 30_000) {
  if (!header) return fallbackMs;
  const trimmed = header.trim();
  const delayMs = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - nowMs;
  if (Number.isNaN(delayMs)) return fallbackMs;
  return Math.min(maxMs, Math.max(0, delayMs));
}
