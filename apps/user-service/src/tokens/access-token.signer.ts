import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { type Role, type Scope } from '@app/auth';
import { ServiceConfig } from '@app/config';
import { UserSettings } from '../user-settings';

export interface SignedAccessToken {
  accessToken: string;
  /** Lifetime in seconds. */
  expiresIn: number;
}

/**
 * Mints access tokens (docs/contracts/internal-api.md): `kid` header, `iss`, `aud`, `sub`, `roles`, `iat`,
 * `exp`, `jti`, plus `sid` (the refresh session) for users, so a password change can keep the caller's own
 * session and end the others. Only this service holds the private key.
 */
@Injectable()
export class AccessTokenSigner {
  constructor(
    private readonly settings: UserSettings,
    private readonly config: ServiceConfig,
  ) {}

  sign(subject: string, roles: Role[], sessionId?: string): SignedAccessToken {
    return this.mint(subject, { roles, ...(sessionId ? { sid: sessionId } : {}) });
  }

  /** A service client's token: role `service` and its scopes as the space-separated `scope` claim (RFC 9068). */
  signForClient(clientId: string, scopes: readonly Scope[]): SignedAccessToken {
    return this.mint(clientId, { roles: ['service'], ...(scopes.length > 0 ? { scope: scopes.join(' ') } : {}) });
  }

  private mint(subject: string, claims: object): SignedAccessToken {
    const { signingKey, accessTokenTtlSeconds } = this.settings;
    const accessToken = jwt.sign(claims, signingKey.privateKey, {
      algorithm: signingKey.algorithm,
      keyid: signingKey.kid,
      subject,
      issuer: this.config.auth.issuer,
      audience: this.config.auth.audience,
      expiresIn: accessTokenTtlSeconds,
      jwtid: randomUUID(),
    });
    return { accessToken, expiresIn: accessTokenTtlSeconds };
  }
}
