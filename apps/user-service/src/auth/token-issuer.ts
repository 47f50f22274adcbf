import { Injectable } from '@nestjs/common';
import { type Role } from '@app/auth';
import { RefreshSessionsService, type IssuedRefreshToken } from '../sessions/refresh-sessions.service';
import { AccessTokenSigner } from '../tokens/access-token.signer';
import { type TokenView } from './token.view';

/** Accounts carry customer and admin roles only; `service` belongs to client-credentials tokens. */
function userRoles(roles: readonly Role[] | undefined): Role[] {
  const allowed = (roles ?? []).filter((role) => role === 'customer' || role === 'admin');
  return allowed.length > 0 ? allowed : ['customer'];
}

/** Token pairs for users: an access token bound to a refresh session (its `sid`) and that session's token. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly sessions: RefreshSessionsService,
    private readonly signer: AccessTokenSigner,
  ) {}

  async startSession(userId: string, roles: readonly Role[]): Promise<TokenView> {
    return this.pair(await this.sessions.start(userId), roles);
  }

  pair(session: IssuedRefreshToken, roles: readonly Role[]): TokenView {
    const { accessToken, expiresIn } = this.signer.sign(session.userId, userRoles(roles), session.sessionId);
    return { accessToken, refreshToken: session.refreshToken, tokenType: 'Bearer', expiresIn };
  }
}
