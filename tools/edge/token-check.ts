import { createPublicKey, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AccessTokenVerifier } from '../../libs/auth/src/access-token-verifier';
import { AuthenticationError } from '../../libs/auth/src/auth-errors';

export interface TokenCheckOptions {
  /** user-service's JWKS (GET /.well-known/jwks.json on its port). */
  jwksUrl: string;
  /** What the services expect locally (JWT_ISSUER, JWT_AUDIENCE of their env). */
  issuer: string;
  audience: string;
  /** Keys are fetched again after this long (user-service lets them be cached 300 s); 300 s by default. */
  maxAgeMs?: number;
  /** A token naming a key not in the set fetches the set again, at most this often; 30 s by default. */
  unknownKeyRefetchMs?: number;
  /** How long one JWKS fetch may take; 2 s by default. */
  fetchTimeoutMs?: number;
}

/** Why a request is refused: the problem's status, code and detail, and its headers. */
export interface TokenRefusal {
  status: number;
  code: string;
  title: string;
  detail: string;
  headers: Record<string, string>;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*)$/;
const JWKS_RETRY_AFTER_SECONDS = '5';

interface KeySet {
  verifier: AccessTokenVerifier;
  fetchedAt: number;
}

/**
 * The edge's check of access tokens on protected routes: user-service's public keys from its JWKS, the same
 * verification as the services (libs/auth: the key's own algorithm, iss, aud, exp with 5 s leeway, subject and
 * roles) and the same 401 problems and WWW-Authenticate challenges. A token that cannot be verified because the
 * keys cannot be had is never let through: 503 with Retry-After.
 */
export class TokenCheck {
  private keys?: KeySet;
  private fetching?: Promise<KeySet>;
  private lastUnknownKeyFetch = 0;

  constructor(private readonly options: TokenCheckOptions) {}

  /** undefined when the request carries a valid access token, else why it is refused. */
  async check(authorization: string | string[] | undefined): Promise<TokenRefusal | undefined> {
    const value = Array.isArray(authorization) ? authorization[0] : authorization;
    if (!value) return refusal(new AuthenticationError('AUTHENTICATION_REQUIRED', 'An access token is required.'));
    const token = BEARER.exec(value.trim())?.[1];
    if (!token)
      return refusal(new AuthenticationError('TOKEN_INVALID', 'The Authorization header must be "Bearer <token>".'));
    let keys: KeySet;
    try {
      keys = await this.keysFor(token);
    } catch {
      return {
        status: 503,
        code: 'UPSTREAM_UNAVAILABLE',
        title: 'Service unavailable',
        detail: "The access token cannot be checked now: user-service's signing keys are unavailable.",
        headers: { 'retry-after': JWKS_RETRY_AFTER_SECONDS },
      };
    }
    try {
      keys.verifier.verify(token);
      return undefined;
    } catch (error) {
      return refusal(error as AuthenticationError);
    }
  }

  /** The current keys; fetched when there are none or they are too old, or for a key id not among them. */
  private async keysFor(token: string): Promise<KeySet> {
    const now = Date.now();
    const current = this.keys;
    if (!current || now - current.fetchedAt >= (this.options.maxAgeMs ?? 300_000)) return this.fetchKeys();
    const kid = (jwt.decode(token, { complete: true })?.header as { kid?: string } | undefined)?.kid;
    const unknown = kid !== undefined && !current.verifier.keyIds.includes(kid);
    // A rotated-in key is fetched at once, but tokens with made-up key ids cannot make the edge hammer the JWKS.
    if (unknown && now - this.lastUnknownKeyFetch >= (this.options.unknownKeyRefetchMs ?? 30_000)) {
      this.lastUnknownKeyFetch = now;
      return this.fetchKeys().catch(() => current);
    }
    return current;
  }

  /** One fetch at a time: concurrent requests share it. */
  private fetchKeys(): Promise<KeySet> {
    this.fetching ??= fetchKeySet(this.options).then(
      (keys) => {
        this.keys = keys;
        this.fetching = undefined;
        return keys;
      },
      (error: unknown) => {
        this.fetching = undefined;
        throw error;
      },
    );
    return this.fetching;
  }
}

async function fetchKeySet(options: TokenCheckOptions): Promise<KeySet> {
  const response = await fetch(options.jwksUrl, { signal: AbortSignal.timeout(options.fetchTimeoutMs ?? 2_000) });
  if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
  const { keys } = (await response.json()) as { keys?: JsonWebKey[] };
  if (!Array.isArray(keys) || keys.length === 0) throw new Error('JWKS has no keys');
  // Public keys only (a JWK with private members is refused); the verifier derives each key's algorithm and kid.
  const pems = keys.map((key) =>
    createPublicKey({ key: publicMembersOf(key), format: 'jwk' }).export({ format: 'pem', type: 'spki' }),
  );
  const verifier = new AccessTokenVerifier({
    publicKey: pems.join('\n'),
    issuer: options.issuer,
    audience: options.audience,
  });
  return { verifier, fetchedAt: Date.now() };
}

function publicMembersOf(key: JsonWebKey): JsonWebKey {
  if (key.d !== undefined) throw new Error('JWKS holds a private key');
  return key.kty === 'EC' ? { kty: key.kty, crv: key.crv, x: key.x, y: key.y } : { kty: key.kty, n: key.n, e: key.e };
}

function refusal(error: AuthenticationError): TokenRefusal {
  return {
    status: error.status,
    code: error.code,
    title: error.title,
    detail: error.detail,
    headers: Object.fromEntries(Object.entries(error.headers).map(([name, value]) => [name.toLowerCase(), value])),
  };
}
