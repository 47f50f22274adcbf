import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { IdentityMetrics } from '../common/identity-metrics';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { User, type UserDocument } from '../users/schemas/user.schema';
import { AccountDisabledError, RefreshTokenInvalidError } from './auth.errors';
import { type TokenResponseDto } from './dto/token-response.dto';
import { TokenIssuer } from './token-issuer';

/** Refresh (rotation with reuse detection) and logout. */
@Injectable()
export class RefreshService {
  private readonly logger = new Logger(RefreshService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly sessions: RefreshSessionsService,
    private readonly tokens: TokenIssuer,
    private readonly metrics: IdentityMetrics,
  ) {}

  async refresh(refreshToken: string): Promise<TokenResponseDto> {
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
    const user = await this.users.findById(result.userId, 'roles active').lean();
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
