import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import {
  REMEMBERED_ROTATIONS,
  RefreshSession,
  type RefreshSessionDocument,
  type RevocationReason,
} from './schemas/refresh-session.schema';

/** Which session (token family) a token belongs to, and whose it is. */
export interface SessionOwner {
  sessionId: string;
  userId: string;
}

const ownerOf = (session: { _id: Types.ObjectId; userId: Types.ObjectId }): SessionOwner => ({
  sessionId: String(session._id),
  userId: String(session.userId),
});

const revokedBecause = (reason: RevocationReason) => ({ $set: { revokedAt: new Date(), revokedReason: reason } });

/**
 * Refresh sessions (collection `refresh_sessions`), one document per token family, found by token hash.
 * Every change is one conditional atomic update: its filter states what must still hold (the token is the
 * current one, the session is live), so concurrent requests cannot both succeed.
 */
@Injectable()
export class RefreshSessionRepository {
  constructor(@InjectModel(RefreshSession.name) private readonly sessions: Model<RefreshSessionDocument>) {}

  /** Returns the new session's id. `absoluteExpiresAt` bounds it however often it is refreshed. */
  async startSession(userId: string, tokenHash: string, expiresAt: Date, absoluteExpiresAt: Date): Promise<string> {
    const session = await this.sessions.create({
      userId: new Types.ObjectId(userId),
      tokenHash,
      expiresAt: expiresAt < absoluteExpiresAt ? expiresAt : absoluteExpiresAt,
      absoluteExpiresAt,
    });
    return session.id as string;
  }

  /**
   * Replaces the current token of a live, unexpired session by `nextHash` and remembers the presented one,
   * in one update: of two exchanges of the same token exactly one finds it current. `null` when none did.
   */
  async rotateSession(
    presentedHash: string,
    nextHash: string,
    expiresAt: Date,
    startedAfter: Date,
  ): Promise<SessionOwner | null> {
    const now = new Date();
    const rotated = await this.sessions
      .findOneAndUpdate(
        {
          tokenHash: presentedHash,
          revokedAt: null,
          expiresAt: { $gt: now },
          // Within its absolute lifetime; sessions from before that field existed are bounded by their start.
          $or: [{ absoluteExpiresAt: { $gt: now } }, { absoluteExpiresAt: null, createdAt: { $gt: startedAfter } }],
        },
        {
          $set: { tokenHash: nextHash, expiresAt },
          $inc: { rotations: 1 },
          $push: { rotatedTokenHashes: { $each: [presentedHash], $slice: -REMEMBERED_ROTATIONS } },
        },
        { returnDocument: 'after', projection: { userId: 1 } },
      )
      .lean()
      .exec();
    return rotated ? ownerOf(rotated) : null;
  }

  /** The session that already exchanged this token (whatever its state), if it still remembers it. */
  async findByRotatedToken(tokenHash: string): Promise<SessionOwner | null> {
    const replayed = await this.sessions.findOne({ rotatedTokenHashes: tokenHash }, { userId: 1 }).lean().exec();
    return replayed ? ownerOf(replayed) : null;
  }

  async revokeFamily(sessionId: string, reason: RevocationReason): Promise<void> {
    await this.sessions.updateOne({ _id: sessionId, revokedAt: null }, revokedBecause(reason));
  }

  /** Revokes the live family holding this token, as its current token or an earlier one; its id, if any. */
  async revokeFamilyOfToken(tokenHash: string, reason: RevocationReason): Promise<string | null> {
    const revoked = await this.sessions
      .findOneAndUpdate(
        { $or: [{ tokenHash }, { rotatedTokenHashes: tokenHash }], revokedAt: null },
        revokedBecause(reason),
        { projection: { _id: 1 } },
      )
      .lean()
      .exec();
    return revoked ? String(revoked._id) : null;
  }

  /**
   * Revokes every live session of a user, except `exceptSessionId` when it is one. Returns the ids of the
   * sessions that were live, so their access tokens can be revoked too.
   */
  async revokeAllOfUser(userId: string, reason: RevocationReason, exceptSessionId?: string): Promise<string[]> {
    const filter: Record<string, unknown> = { userId: new Types.ObjectId(userId), revokedAt: null };
    if (exceptSessionId && Types.ObjectId.isValid(exceptSessionId))
      filter._id = { $ne: new Types.ObjectId(exceptSessionId) };
    const live = await this.sessions.find(filter, { _id: 1 }).lean().exec();
    if (live.length === 0) return [];
    const ids = live.map((session) => session._id);
    await this.sessions.updateMany({ _id: { $in: ids }, revokedAt: null }, revokedBecause(reason));
    return ids.map(String);
  }
}
