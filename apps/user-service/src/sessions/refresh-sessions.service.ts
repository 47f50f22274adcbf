import { Injectable, Logger } from '@nestjs/common';
import { SessionRevocations } from '@app/auth';
import { UserSettings } from '../user-settings';
import { hashToken, newOpaqueToken } from './opaque-token';
import { RefreshSessionRepository, type SessionOwner } from './refresh-session.repository';
import { type RevocationReason } from './schemas/refresh-session.schema';

export interface IssuedRefreshToken extends SessionOwner {
  refreshToken: string;
}

export type RotationResult =
  ({ outcome: 'rotated' } & IssuedRefreshToken) | ({ outcome: 'reused' } & SessionOwner) | { outcome: 'invalid' };

/** Revocations outlive every access token of the session: the longest TTL plus the verifiers' clock tolerance. */
const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Refresh-token families: start, rotate on every use, revoke (docs/decisions/0009-identity.md). Only
 * SHA-256 hashes of the opaque tokens are stored. Every revocation also lands in the shared revocation
 * list (SessionRevocations), so the session's access tokens stop opening privileged routes at once,
 * in every service (docs/decisions/0017-account-protection.md).
 */
@Injectable()
export class RefreshSessionsService {
  private readonly logger = new Logger(RefreshSessionsService.name);

  constructor(
    private readonly sessions: RefreshSessionRepository,
    private readonly settings: UserSettings,
    private readonly revocations: SessionRevocations,
  ) {}

  async start(userId: string): Promise<IssuedRefreshToken> {
    const refreshToken = newOpaqueToken();
    const absoluteEnd = new Date(Date.now() + this.settings.sessionAbsoluteTtlSeconds * 1000);
    const sessionId = await this.sessions.startSession(userId, hashToken(refreshToken), this.expiry(), absoluteEnd);
    return { sessionId, userId, refreshToken };
  }

  /**
   * Exchanges the current token of a live session for a new one; of two concurrent exchanges of the same
   * token exactly one wins. Presenting a token that was already exchanged means it was copied: the whole
   * family is revoked, whoever holds the newer token. A session past its absolute lifetime is not renewed.
   */
  async rotate(refreshToken: string): Promise<RotationResult> {
    const presented = hashToken(refreshToken);
    const next = newOpaqueToken();
    const startedAfter = new Date(Date.now() - this.settings.sessionAbsoluteTtlSeconds * 1000);
    const rotated = await this.sessions.rotateSession(presented, hashToken(next), this.expiry(), startedAfter);
    if (rotated) return { outcome: 'rotated', ...rotated, refreshToken: next };
    const replayed = await this.sessions.findByRotatedToken(presented);
    if (!replayed) return { outcome: 'invalid' };
    await this.revoke(replayed.sessionId, 'reuse');
    return { outcome: 'reused', ...replayed };
  }

  /** Logout: ends the family of this token, whether it is the current one or an earlier one. */
  async revokeByToken(refreshToken: string): Promise<void> {
    const sessionId = await this.sessions.revokeFamilyOfToken(hashToken(refreshToken), 'logout');
    if (sessionId) await this.revokeAccess([sessionId], 'logout');
  }

  async revoke(sessionId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.revokeFamily(sessionId, reason);
    await this.revokeAccess([sessionId], reason);
  }

  /** Ends every live session of a user, except the caller's own when given. Returns how many ended. */
  async revokeAllOfUser(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number> {
    const ended = await this.sessions.revokeAllOfUser(userId, reason, exceptSessionId);
    await this.revokeAccess(ended, reason);
    return ended.length;
  }

  /**
   * The refresh side is already revoked in the database; a failure here leaves the access tokens valid on
   * privileged routes until they expire, so it is logged as an error rather than failing the request.
   */
  private async revokeAccess(sessionIds: string[], reason: RevocationReason): Promise<void> {
    try {
      await this.revocations.revoke(sessionIds, this.settings.accessTokenTtlSeconds + CLOCK_TOLERANCE_SECONDS);
    } catch (error) {
      this.logger.error({
        msg: 'session_revocation_not_shared',
        reason,
        sessions: sessionIds.length,
        error: String(error),
      });
    }
  }

  private expiry(): Date {
    return new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000);
  }
}
