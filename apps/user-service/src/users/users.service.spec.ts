import { Types } from 'mongoose';
import { AccountDisabledError } from '../auth/auth.errors';
import { type PasswordHasher } from '../passwords/password-hasher';
import { type RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type UserRepository } from './user.repository';
import { UserNotFoundError } from './users.errors';
import { type UsersMetrics } from './users.metrics';
import { UsersService } from './users.service';

const ID = new Types.ObjectId().toHexString();
const at = new Date('2026-01-01T00:00:00Z');
const user = { _id: ID, email: 'a@example.com', displayName: 'A', roles: ['customer'], createdAt: at, updatedAt: at };

/** What an account's owner is told when the account is gone or disabled; the database side is covered by e2e. */
function serviceOver(users: Partial<Record<keyof UserRepository, jest.Mock>>) {
  const hasher = { verify: jest.fn(async () => true), hash: jest.fn() };
  const sessions = { revokeAllOfUser: jest.fn() };
  const service = new UsersService(
    users as unknown as UserRepository,
    hasher as unknown as PasswordHasher,
    sessions as unknown as RefreshSessionsService,
    {} as UsersMetrics,
  );
  return { service, hasher, sessions };
}

const change = { currentPassword: 'the old passphrase', newPassword: 'a brand new passphrase' };

describe('UsersService', () => {
  it('explains a rename that changed nothing as a read would: 404 for a deleted account, 403 for a disabled one', async () => {
    const renameActive = jest.fn(async () => null);
    const gone = serviceOver({ renameActive, findView: jest.fn(async () => null) });
    await expect(gone.service.updateProfile(ID, { displayName: 'B' })).rejects.toBeInstanceOf(UserNotFoundError);
    const disabled = serviceOver({ renameActive, findView: jest.fn(async () => ({ ...user, active: false })) });
    await expect(disabled.service.updateProfile(ID, { displayName: 'B' })).rejects.toBeInstanceOf(AccountDisabledError);
  });

  it('refuses a password change for a deleted or disabled account before checking the password', async () => {
    const gone = serviceOver({ findCredentialsById: jest.fn(async () => null) });
    await expect(gone.service.changePassword(ID, 's1', change)).rejects.toBeInstanceOf(UserNotFoundError);
    const disabled = serviceOver({
      findCredentialsById: jest.fn(async () => ({ ...user, active: false, passwordHash: 'hash' })),
    });
    await expect(disabled.service.changePassword(ID, 's1', change)).rejects.toBeInstanceOf(AccountDisabledError);
    expect(disabled.hasher.verify).not.toHaveBeenCalled();
    expect(disabled.sessions.revokeAllOfUser).not.toHaveBeenCalled();
  });

  it('has no account for a token subject that is not an account id (a service client), without a lookup', async () => {
    const findView = jest.fn();
    const { service } = serviceOver({ findView });
    for (const subject of ['order-service', 'abcdefghijkl']) {
      await expect(service.profile(subject)).rejects.toBeInstanceOf(UserNotFoundError);
    }
    expect(findView).not.toHaveBeenCalled();
  });
});
