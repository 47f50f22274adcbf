import { createPublicKey, type KeyObject } from 'node:crypto';
import jwt, { type Algorithm } from 'jsonwebtoken';
import { AuthenticationError } from './auth-errors';
import { type AuthenticatedUser, type Role, ROLES } from './roles';

export interface VerifierOptions {
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

/** Verifies access tokens minted by user-service, with its public key only. */
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  private readonly algorithm: Algorithm;

  constructor(private readonly options: VerifierOptions) {
    this.key = createPublicKey(options.publicKey);
    this.algorithm = algorithmFor(this.key);
  }

  verify(token: string): AuthenticatedUser {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.key, {
        algorithms: [this.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: 5,
      }) as jwt.JwtPayload;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError)
        throw new AuthenticationError('TOKEN_EXPIRED', 'The access token has expired.');
      throw new AuthenticationError('TOKEN_INVALID', 'The access token is invalid.');
    }
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((role): role is Role => ROLES.includes(role)) : [];
    if (typeof claims.sub !== 'string' || claims.sub === '' || roles.length === 0) {
      throw new AuthenticationError('TOKEN_INVALID', 'The access token is invalid.');
    }
    return { id: claims.sub, roles };
  }
}
