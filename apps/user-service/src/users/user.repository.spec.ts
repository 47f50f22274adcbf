import { type Model } from 'mongoose';
import { adminChangeSet, UserRepository, userSearchFilter } from './user.repository';
import { type UserDocument } from './schemas/user.schema';

describe('the admin list query', () => {
  it('matches the text literally and case-insensitively in the email or the display name', () => {
    const filter = userSearchFilter({ q: 'a.b*' });
    const [byEmail, byName] = filter.$or as { email?: RegExp; displayName?: RegExp }[];
    expect(byEmail.email).toEqual(/a\.b\*/i);
    expect(byName.displayName).toEqual(/a\.b\*/i);
    expect(byEmail.email!.test('A.B*@example.com')).toBe(true);
    expect(byEmail.email!.test('axbb@example.com')).toBe(false);
  });

  it('counts accounts without an `active` field as active', () => {
    expect(userSearchFilter({ active: true })).toEqual({ active: { $ne: false } });
    expect(userSearchFilter({ active: false })).toEqual({ active: false });
  });

  it('filters by role, and by nothing when no filter is given', () => {
    expect(userSearchFilter({ role: 'admin' })).toEqual({ roles: 'admin' });
    expect(userSearchFilter({ q: '' })).toEqual({});
  });
});

describe('an admin change', () => {
  it('sets only the fields sent', () => {
    expect(adminChangeSet({ roles: ['admin'] })).toEqual({ roles: ['admin'] });
    expect(adminChangeSet({ active: false })).toEqual({ active: false });
  });

  it('lifts a lockout when it enables the account', () => {
    expect(adminChangeSet({ active: true })).toEqual({ active: true, failedLoginCount: 0, lockedUntil: null });
  });
});

/** Decisions the repository makes around single writes; the writes themselves are exercised by the e2e suites. */
describe('UserRepository around its writes', () => {
  const repositoryOver = (model: object) => new UserRepository(model as unknown as Model<UserDocument>);
  const newUser = { email: 'a@example.com', displayName: 'A', passwordHash: 'hash', roles: ['customer' as const] };

  it('does not report a database failure on registration as the email being taken', async () => {
    const down = new Error('connection closed');
    const repository = repositoryOver({ create: jest.fn(async () => Promise.reject(down)) });
    await expect(repository.createIfEmailFree(newUser)).rejects.toBe(down);
  });

  it('reports a lock as started only when the update found the account unlocked', async () => {
    const updateOne = jest.fn().mockResolvedValueOnce({ modifiedCount: 1 }).mockResolvedValueOnce({ modifiedCount: 0 });
    const repository = repositoryOver({ updateOne });
    const until = new Date(Date.now() + 60_000);
    expect(await repository.lockUnlessLocked('65a0000000000000000000d4', until)).toBe(true);
    expect(await repository.lockUnlessLocked('65a0000000000000000000d4', until)).toBe(false);
  });
});
