import { Injectable } from '@nestjs/common';
import { UserSettings } from '../user-settings';
import { hashToken, newOpaqueToken } from './opaque-token';
import { RefreshSessionRepository, type SessionOwner } from './refresh-session.repository';
import { type RevocationReason } from './schemas/refresh-session.schema';

export interface IssuedRefreshToken extends SessionOwner {
  refreshToken: string;
}

export type RotationResult =
  ({ outcome: 'rotated' } & IssuedRefreshToken) | ({ outcome: 'reused' } & SessionOwner) | { outcome: 'invalid' };

/**
 * Refresh-token families: start, rotate on every use, revoke (docs/decisions/0009-identity.md). Only
 * SHA-256 hashes of the opaque tokens are stored.
 */
@Injectable()
export class RefreshSessionsService {
  constructor(
    private readonly sessions: RefreshSessionRepository,
    private readonly settings: UserSettings,
  ) {}

  async start(userId: string): Promise<IssuedRefreshToken> {
    const refreshToken = newOpaqueToken();
    const sessionId = await this.sessions.startSession(userId, hashToken(refreshToken), this.expiry());
    return { sessionId, userId, refreshToken };
  }

  /**
   * Exchanges the current token of a live session for a new one; of two concurrent exchanges of the same
   * token exactly one wins. Presenting a token that was already exchanged means it was copied: the whole
   * family is revoked, whoever holds the newer token.
   */
  async rotate(refreshToken: string): Promise<RotationResult> {
    const presented = hashToken(refreshToken);
    const next = newOpaqueToken();
    const rotated = await this.sessions.rotateSession(presented, hashToken(next), this.expiry());
    if (rotated) return { outcome: 'rotated', ...rotated, refreshToken: next };
    const replayed = await this.sessions.findByRotatedToken(presented);
    if (!replayed) return { outcome: 'invalid' };
    await this.sessions.revokeFamily(replayed.sessionId, 'reuse');
    return { outcome: 'reused', ...replayed };
  }

  /** Logout: ends the family of this token, whether it is the current one or an earlier one. */
  async revokeByToken(refreshToken: string): Promise<void> {
    await this.sessions.revokeFamilyOfToken(hashToken(refreshToken), 'logout');
  }

  async revoke(sessionId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.revokeFamily(sessionId, reason);
  }

  /** Ends every live session of a user, except the caller's own when given. Returns how many ended. */
  revokeAllOfUser(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number> {
    return this.sessions.revokeAllOfUser(userId, reason, exceptSessionId);
  }

  private expiry(): Date {
    return new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000);
  }
}
