import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt, { type Algorithm } from 'jsonwebtoken';
import { AuthenticationError } from './auth-errors';
import { jwkThumbprint } from './jwk-thumbprint';
import { type AuthenticatedUser, type Role, ROLES, type Scope, SCOPES } from './roles';

export interface VerifierOptions {
  /** One PEM public key, or several concatenated while keys are rotated with overlap. */
  publicKey: string;
  issuer: string;
  audience: string;
}

/** The only algorithm accepted is the one the key is for: `alg: none` and HS256-with-public-key are refused. */
export function algorithmFor(key: KeyObject): Algorithm {
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  throw new Error('JWT_PUBLIC_KEY must be an RSA key (RS256) or a P-256 EC key (ES256)');
}

interface VerificationKey {
  kid: string;
  key: KeyObject;
  algorithm: Algorithm;
}

const PEM_BLOCK = /-----BEGIN [A-Z ]+-----[\s\S]+?-----END [A-Z ]+-----/g;

/**
 * Verifies access tokens minted by user-service, with its public key(s) only. A token naming a `kid` is checked
 * against that key alone; one without `kid` against each configured key (at most a few during a rotation).
 */
export class AccessTokenVerifier {
  private readonly keys: VerificationKey[];

  constructor(private readonly options: VerifierOptions) {
    const pems = options.publicKey.match(PEM_BLOCK) ?? [options.publicKey];
    this.keys = pems.map((pem) => {
      const key = createPublicKey(pem);
      return { kid: jwkThumbprint(key), key, algorithm: algorithmFor(key) };
    });
  }

  /** The key ids this verifier accepts, in configuration order. */
  get keyIds(): string[] {
    return this.keys.map((entry) => entry.kid);
  }

  verify(token: string): AuthenticatedUser {
    let claims: jwt.JwtPayload;
    try {
      claims = this.verifyWithAnyKey(token);
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError)
        throw new AuthenticationError('TOKEN_EXPIRED', 'The access token has expired.');
      throw new AuthenticationError('TOKEN_INVALID', 'The access token is invalid.');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => ROLES.includes(role)) : [];
    // jsonwebtoken checks `exp` only when present; a token without one would never expire (RFC 8725 3.10).
    if (typeof claims.sub !== 'string' || claims.sub === '' || roles.length === 0 || typeof claims.exp !== 'number') {
      throw new AuthenticationError('TOKEN_INVALID', 'The access token is invalid.');
    }
    const scopes = scopesOf(claims.scope);
    return scopes ? { id: claims.sub, roles, scopes } : { id: claims.sub, roles };
  }

  private verifyWithAnyKey(token: string): jwt.JwtPayload {
    const kid = (jwt.decode(token, { complete: true })?.header as { kid?: string } | undefined)?.kid;
    const candidates = kid ? this.keys.filter((entry) => entry.kid === kid) : this.keys;
    if (candidates.length === 0) throw new jwt.JsonWebTokenError('unknown key id');
    let failure: unknown;
    for (const { key, algorithm } of candidates) {
      try {
        return jwt.verify(token, key, {
          algorithms: [algorithm],
          issuer: this.options.issuer,
          audience: this.options.audience,
          clockTolerance: 5,
        }) as jwt.JwtPayload;
      } catch (error) {
        // An expired token is expired whichever key signed it; report that rather than "invalid".
        if (error instanceof jwt.TokenExpiredError) throw error;
        failure = error;
      }
    }
    throw failure;
  }
}

/** The `scope` claim (RFC 9068: space-separated) as known scopes; unknown ones grant nothing and are dropped. */
function scopesOf(claim: unknown): Scope[] | undefined {
  if (typeof claim !== 'string') return undefined;
  return claim.split(' ').filter((scope): scope is Scope => (SCOPES as readonly string[]).includes(scope));
}
