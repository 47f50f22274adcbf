import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { IdentityMetrics } from '../common/identity-metrics';
import { UserSettings } from '../user-settings';
import { User, type UserDocument } from './schemas/user.schema';

/**
 * Temporary lockout after LOGIN_LOCKOUT_THRESHOLD consecutive failed logins, for LOGIN_LOCKOUT_SECONDS.
 * Kept on the account document, so it holds across replicas and restarts. While locked, every login fails
 * with the generic INVALID_CREDENTIALS, even with the right password, so the lock is no oracle.
 */
@Injectable()
export class AccountLockoutService {
  private readonly logger = new Logger(AccountLockoutService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly settings: UserSettings,
    private readonly metrics: IdentityMetrics,
  ) {}

  isLocked(user: { lockedUntil?: Date | null }, now = new Date()): boolean {
    return !!user.lockedUntil && user.lockedUntil > now;
  }

  /** Counts a failure atomically; the failure that reaches the threshold starts the lock and resets the count. */
  async recordFailure(userId: Types.ObjectId): Promise<void> {
    const { lockoutThreshold, lockoutSeconds } = this.settings.login;
    if (lockoutThreshold === 0) return;
    const counted = await this.users
      .findOneAndUpdate(
        { _id: userId },
        { $inc: { failedLoginCount: 1 } },
        { returnDocument: 'after', projection: { failedLoginCount: 1 } },
      )
      .lean();
    if (!counted || counted.failedLoginCount < lockoutThreshold) return;
    const lockedUntil = new Date(Date.now() + lockoutSeconds * 1000);
    // Conditional, so of two failures reaching the threshold at once only one starts (and reports) the lock.
    const locked = await this.users.updateOne(
      { _id: userId, failedLoginCount: { $gte: lockoutThreshold } },
      { $set: { failedLoginCount: 0, lockedUntil } },
    );
    if (locked.modifiedCount === 0) return;
    this.metrics.lockouts.inc();
    this.logger.warn({ msg: 'account locked after repeated failed logins', accountId: String(userId), lockedUntil });
  }

  /** A successful login clears the failure count and records when it happened. */
  async recordSuccess(userId: Types.ObjectId): Promise<void> {
    await this.users.updateOne(
      { _id: userId },
      { $set: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() } },
    );
  }
}
