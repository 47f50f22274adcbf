import { type PasswordHasher } from '../passwords/password-hasher';
import { type RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type UserSettings } from '../user-settings';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { type UserRepository } from './user.repository';

const ADMIN = { email: 'first-admin@example.com', password: 'the first admin passphrase' };
const IN_SHAPE = { _id: '65a0000000000000000000d4', passwordHash: 'hash', roles: ['admin'], active: true };

function setUp() {
  const users = {
    ensureIndexes: jest.fn().mockResolvedValue(undefined),
    findAdminCandidate: jest.fn().mockResolvedValue(null),
    createIfEmailFree: jest.fn().mockResolvedValue(null),
    restoreAdmin: jest.fn().mockResolvedValue(undefined),
  };
  const hasher = { hash: jest.fn().mockResolvedValue('hash'), verify: jest.fn().mockResolvedValue(true) };
  const sessions = { revokeAllOfUser: jest.fn() };
  const bootstrap = new AdminBootstrapService(
    users as unknown as UserRepository,
    hasher as unknown as PasswordHasher,
    sessions as unknown as RefreshSessionsService,
    { bootstrapAdmin: ADMIN } as UserSettings,
  );
  return { users, hasher, sessions, bootstrap };
}

describe('AdminBootstrapService, when another replica creates the admin at the same moment', () => {
  it('finds the account on the second look and leaves it as the other replica made it', async () => {
    const { users, bootstrap } = setUp();
    users.findAdminCandidate.mockResolvedValueOnce(null).mockResolvedValueOnce(IN_SHAPE);
    await bootstrap.onApplicationBootstrap();
    expect(users.createIfEmailFree).toHaveBeenCalledTimes(1);
    expect(users.restoreAdmin).not.toHaveBeenCalled();
  });

  it('stops start-up when the account can be neither created nor found', async () => {
    const { bootstrap } = setUp();
    await expect(bootstrap.onApplicationBootstrap()).rejects.toThrow('neither created nor found');
  });
});

describe('AdminBootstrapService, when the admin account exists but is not in shape', () => {
  it('unlocks and re-enables it with the same password, keeping its sessions', async () => {
    const { users, hasher, sessions, bootstrap } = setUp();
    users.findAdminCandidate.mockResolvedValue({ ...IN_SHAPE, active: false, failedLoginCount: 5 });
    await bootstrap.onApplicationBootstrap();
    expect(users.restoreAdmin).toHaveBeenCalledWith(IN_SHAPE._id, undefined);
    expect(hasher.hash).not.toHaveBeenCalled();
    expect(sessions.revokeAllOfUser).not.toHaveBeenCalled();
  });

  it('sets ADMIN_PASSWORD when it changed, and ends every session of the account', async () => {
    const { users, hasher, sessions, bootstrap } = setUp();
    users.findAdminCandidate.mockResolvedValue(IN_SHAPE);
    hasher.verify.mockResolvedValue(false);
    hasher.hash.mockResolvedValue('new-hash');
    await bootstrap.onApplicationBootstrap();
    expect(users.restoreAdmin).toHaveBeenCalledWith(IN_SHAPE._id, 'new-hash');
    expect(sessions.revokeAllOfUser).toHaveBeenCalledWith(IN_SHAPE._id, 'admin-password');
  });
});
