import { type UserSettings } from '../user-settings';
import { AccountLockoutService } from './account-lockout.service';
import { type UserRepository } from './user.repository';
import { type UsersMetrics } from './users.metrics';

const USER_ID = '65a0000000000000000000c3';

function setUp(lockoutThreshold: number) {
  const users = {
    recordFailedLogin: jest.fn().mockResolvedValue(1),
    startLockout: jest.fn().mockResolvedValue(true),
  };
  const metrics = { accountLocked: jest.fn() };
  const settings = { login: { lockoutThreshold, lockoutSeconds: 60 } } as UserSettings;
  const lockout = new AccountLockoutService(
    users as unknown as UserRepository,
    settings,
    metrics as unknown as UsersMetrics,
  );
  return { users, metrics, lockout };
}

describe('AccountLockoutService', () => {
  it('counts nothing when the lockout is off', async () => {
    const { users, lockout } = setUp(0);
    await lockout.recordFailure(USER_ID);
    expect(users.recordFailedLogin).not.toHaveBeenCalled();
  });

  it('counts failures below the threshold without locking', async () => {
    const { users, lockout } = setUp(3);
    users.recordFailedLogin.mockResolvedValue(2);
    await lockout.recordFailure(USER_ID);
    expect(users.startLockout).not.toHaveBeenCalled();
  });

  it('locks for LOGIN_LOCKOUT_SECONDS at the threshold and reports it once', async () => {
    const { users, metrics, lockout } = setUp(3);
    users.recordFailedLogin.mockResolvedValue(3);
    await lockout.recordFailure(USER_ID);
    const [id, threshold, until] = users.startLockout.mock.calls[0] as [string, number, Date];
    expect([id, threshold]).toEqual([USER_ID, 3]);
    expect(until.getTime() - Date.now()).toBeGreaterThan(55_000);
    expect(metrics.accountLocked).toHaveBeenCalledTimes(1);
  });

  it('does not report a lock another failure started at the same moment', async () => {
    const { users, metrics, lockout } = setUp(3);
    users.recordFailedLogin.mockResolvedValue(3);
    users.startLockout.mockResolvedValue(false);
    await lockout.recordFailure(USER_ID);
    expect(metrics.accountLocked).not.toHaveBeenCalled();
  });

  it('treats a lock as over once its time has passed', () => {
    const { lockout } = setUp(3);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(lockout.isLocked({ lockedUntil: new Date('2026-01-01T00:01:00Z') }, now)).toBe(true);
    expect(lockout.isLocked({ lockedUntil: new Date('2025-12-31T23:59:00Z') }, now)).toBe(false);
    expect(lockout.isLocked({ lockedUntil: null }, now)).toBe(false);
  });
});
