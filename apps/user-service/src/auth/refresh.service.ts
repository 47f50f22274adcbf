import { Injectable, Logger } from '@nestjs/common';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { UserRepository } from '../users/user.repository';
import { AccountDisabledError, RefreshTokenInvalidError } from './auth.errors';
import { AuthMetrics } from './auth.metrics';
import { TokenIssuer } from './token-issuer';
import { type TokenView } from './token.view';

/** Refresh (rotation with reuse detection) and logout. */
@Injectable()
export class RefreshService {
  private readonly logger = new Logger(RefreshService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: RefreshSessionsService,
    private readonly tokens: TokenIssuer,
    private readonly metrics: AuthMetrics,
  ) {}

  async refresh(refreshToken: string): Promise<TokenView> {
    const result = await this.sessions.rotate(refreshToken);
    if (result.outcome === 'invalid') {
      this.metrics.refresh('invalid');
      throw new RefreshTokenInvalidError();
    }
    if (result.outcome === 'reused') {
      this.metrics.refresh('reused');
      this.logger.warn({
        msg: 'an already rotated refresh token was presented again; its session is revoked',
        accountId: result.userId,
        sessionId: result.sessionId,
      });
      throw new RefreshTokenInvalidError();
    }
    // Roles are read again on every refresh, so a role change reaches the next access token.
    const user = await this.users.findAccess(result.userId);
    if (!user || user.active === false) {
      await this.sessions.revoke(result.sessionId, 'account-disabled');
      this.metrics.refresh('disabled');
      throw user ? new AccountDisabledError() : new RefreshTokenInvalidError();
    }
    this.metrics.refresh('success');
    return this.tokens.pair(result, user.roles);
  }

  /** Ends the session the token belongs to. Unknown tokens are ignored (RFC 7009): logout always succeeds. */
  async logout(refreshToken: string): Promise<void> {
    await this.sessions.revokeByToken(refreshToken);
  }
}
