import { Injectable, Logger } from '@nestjs/common';
import { UserSettings } from '../user-settings';
import { UserRepository } from './user.repository';
import { UsersMetrics } from './users.metrics';

/**
 * Temporary lockout after LOGIN_LOCKOUT_THRESHOLD consecutive failed logins, for LOGIN_LOCKOUT_SECONDS.
 * Kept on the account document, so it holds across replicas and restarts. While locked, every login fails
 * with the generic INVALID_CREDENTIALS, even with the right password, so the lock is no oracle.
 */
@Injectable()
export class AccountLockoutService {
  private readonly logger = new Logger(AccountLockoutService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly settings: UserSettings,
    private readonly metrics: UsersMetrics,
  ) {}

  isLocked(user: { lockedUntil?: Date | null }, now = new Date()): boolean {
    return !!user.lockedUntil && user.lockedUntil > now;
  }

  /** Counts a failure; the failure that reaches the threshold starts the lock and resets the count. */
  async recordFailure(userId: string): Promise<void> {
    const { lockoutThreshold, lockoutSeconds } = this.settings.login;
    if (lockoutThreshold === 0) return;
    const failures = await this.users.recordFailedLogin(userId);
    if (failures === null || failures < lockoutThreshold) return;
    const lockedUntil = new Date(Date.now() + lockoutSeconds * 1000);
    // Of two failures reaching the threshold at once only one starts (and reports) the lock.
    if (!(await this.users.startLockout(userId, lockoutThreshold, lockedUntil))) return;
    this.metrics.accountLocked();
    this.logger.warn({ msg: 'account locked after repeated failed logins', accountId: userId, lockedUntil });
  }

  /** A successful login clears the failure count and records when it happened. */
  async recordSuccess(userId: string): Promise<void> {
    await this.users.recordSuccessfulLogin(userId);
  }
}
