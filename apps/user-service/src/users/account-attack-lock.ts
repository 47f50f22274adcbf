import { Injectable, Logger } from '@nestjs/common';
import { UserSettings } from '../user-settings';
import { UserRepository } from './user.repository';
import { UsersMetrics } from './users.metrics';

/**
 * The only hard lock left: when failures on one account come from more than LOGIN_ATTACK_DISTINCT_IPS
 * client addresses within LOGIN_ATTACK_WINDOW_SECONDS, which one person mistyping a password never
 * produces, the account is locked for LOGIN_ATTACK_LOCK_SECONDS. It is stored on the account (so every
 * replica sees it), reported as `account_under_attack` (warning log, metric), shown to admins as
 * `lockedUntil`, ends by itself, and an admin lifts it at once with `active: true`.
 */
@Injectable()
export class AccountAttackLock {
  private readonly logger = new Logger(AccountAttackLock.name);

  constructor(
    private readonly users: UserRepository,
    private readonly settings: UserSettings,
    private readonly metrics: UsersMetrics,
  ) {}

  isLocked(user: { lockedUntil?: Date | null }, now = new Date()): boolean {
    return !!user.lockedUntil && user.lockedUntil > now;
  }

  /** Locks the account when the evidence says distributed attack; reported once per lock. */
  async consider(accountId: string, distinctAddresses: number): Promise<void> {
    const { attackDistinctIps, attackLockSeconds } = this.settings.login;
    if (attackDistinctIps === 0 || distinctAddresses < attackDistinctIps) return;
    const lockedUntil = new Date(Date.now() + attackLockSeconds * 1000);
    if (!(await this.users.lockUnlessLocked(accountId, lockedUntil))) return;
    this.metrics.accountUnderAttack();
    this.logger.warn({ msg: 'account_under_attack', accountId, distinctAddresses, lockedUntil });
  }
}
