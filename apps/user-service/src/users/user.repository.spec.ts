import { adminChangeSet, userSearchFilter } from './user.repository';

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
