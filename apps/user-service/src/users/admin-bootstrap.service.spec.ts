import { type PasswordHasher } from '../passwords/password-hasher';
import { type UserSettings } from '../user-settings';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { type UserRepository } from './user.repository';

const ADMIN = { email: 'first-admin@example.com', password: 'the first admin passphrase' };

function setUp(emailTaken: boolean) {
  const users = {
    ensureIndexes: jest.fn().mockResolvedValue(undefined),
    emailTaken: jest.fn().mockResolvedValue(emailTaken),
    createIfEmailFree: jest.fn().mockResolvedValue(null),
  };
  const hasher = { hash: jest.fn().mockResolvedValue('hash') };
  const bootstrap = new AdminBootstrapService(
    users as unknown as UserRepository,
    hasher as unknown as PasswordHasher,
    { bootstrapAdmin: ADMIN } as UserSettings,
  );
  return { users, hasher, bootstrap };
}

describe('AdminBootstrapService', () => {
  it('creates the admin when no account holds the email', async () => {
    const { users, bootstrap } = setUp(false);
    await bootstrap.onApplicationBootstrap();
    expect(users.createIfEmailFree).toHaveBeenCalledWith(
      expect.objectContaining({ email: ADMIN.email, roles: ['admin'] }),
    );
  });

  it('leaves an existing account alone: no new password, no re-enabling', async () => {
    const { users, hasher, bootstrap } = setUp(true);
    await bootstrap.onApplicationBootstrap();
    expect(users.createIfEmailFree).not.toHaveBeenCalled();
    expect(hasher.hash).not.toHaveBeenCalled();
  });

  it('accepts that another replica created the admin at the same moment', async () => {
    const { bootstrap } = setUp(false);
    await expect(bootstrap.onApplicationBootstrap()).resolves.toBeUndefined();
  });
});
