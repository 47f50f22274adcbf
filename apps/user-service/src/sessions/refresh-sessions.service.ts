import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { UserSettings } from '../user-settings';
import { hashToken, newOpaqueToken } from './opaque-token';
import {
  REMEMBERED_ROTATIONS,
  RefreshSession,
  type RefreshSessionDocument,
  type RevocationReason,
} from './schemas/refresh-session.schema';

export interface IssuedRefreshToken {
  sessionId: string;
  userId: string;
  refreshToken: string;
}

export type RotationResult =
  | ({ outcome: 'rotated' } & IssuedRefreshToken)
  | { outcome: 'reused'; sessionId: string; userId: string }
  | { outcome: 'invalid' };

/** Refresh-token families: start, rotate on every use, revoke (docs/decisions/0009-identity.md). */
@Injectable()
export class RefreshSessionsService {
  constructor(
    @InjectModel(RefreshSession.name) private readonly sessions: Model<RefreshSessionDocument>,
    private readonly settings: UserSettings,
  ) {}

  async start(userId: string): Promise<IssuedRefreshToken> {
    const refreshToken = newOpaqueToken();
    const session = await this.sessions.create({
      userId: new Types.ObjectId(userId),
      tokenHash: hashToken(refreshToken),
      expiresAt: this.expiry(),
    });
    return { sessionId: session.id as string, userId, refreshToken };
  }

  /**
   * Exchanges the current token of a live session for a new one in one atomic update, so of two concurrent
   * exchanges of the same token exactly one wins. Presenting a token that was already exchanged means it was
   * copied: the whole family is revoked, whoever holds the newer token.
   */
  async rotate(refreshToken: string): Promise<RotationResult> {
    const presented = hashToken(refreshToken);
    const next = newOpaqueToken();
    const now = new Date();
    const rotated = await this.sessions
      .findOneAndUpdate(
        { tokenHash: presented, revokedAt: null, expiresAt: { $gt: now } },
        {
          $set: { tokenHash: hashToken(next), expiresAt: this.expiry() },
          $inc: { rotations: 1 },
          $push: { rotatedTokenHashes: { $each: [presented], $slice: -REMEMBERED_ROTATIONS } },
        },
        { returnDocument: 'after', projection: { userId: 1 } },
      )
      .lean();
    if (rotated)
      return { outcome: 'rotated', sessionId: String(rotated._id), userId: String(rotated.userId), refreshToken: next };
    const replayed = await this.sessions.findOne({ rotatedTokenHashes: presented }, { userId: 1 }).lean();
    if (!replayed) return { outcome: 'invalid' };
    await this.revoke(String(replayed._id), 'reuse');
    return { outcome: 'reused', sessionId: String(replayed._id), userId: String(replayed.userId) };
  }

  /** Logout: ends the family of this token, whether it is the current one or an earlier one. */
  async revokeByToken(refreshToken: string): Promise<void> {
    const presented = hashToken(refreshToken);
    await this.sessions.updateOne(
      { $or: [{ tokenHash: presented }, { rotatedTokenHashes: presented }], revokedAt: null },
      { $set: { revokedAt: new Date(), revokedReason: 'logout' } },
    );
  }

  async revoke(sessionId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.updateOne(
      { _id: sessionId, revokedAt: null },
      { $set: { revokedAt: new Date(), revokedReason: reason } },
    );
  }

  /** Ends every live session of a user, except the caller's own when given. Returns how many ended. */
  async revokeAllOfUser(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<number> {
    const filter: Record<string, unknown> = { userId: new Types.ObjectId(userId), revokedAt: null };
    if (exceptSessionId && Types.ObjectId.isValid(exceptSessionId))
      filter._id = { $ne: new Types.ObjectId(exceptSessionId) };
    const result = await this.sessions.updateMany(filter, { $set: { revokedAt: new Date(), revokedReason: reason } });
    return result.modifiedCount;
  }

  private expiry(): Date {
    return new Date(Date.now() + this.settings.refreshTokenTtlSeconds * 1000);
  }
}
