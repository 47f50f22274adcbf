import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserSettings } from '../user-settings';
import { UserRepository } from './user.repository';

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD create the first admin at start-up when no account holds that email, and do
 * nothing otherwise: a restart never re-enables, re-promotes or resets the password of an account admins
 * have since changed (disabled after a compromise, say). The unique email index makes concurrent starts of
 * several replicas create it once.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly settings: UserSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.settings.bootstrapAdmin;
    if (!admin) return;
    await this.users.ensureIndexes(); // before two replicas race to create the admin
    if (await this.users.emailTaken(admin.email)) {
      this.logger.log({ msg: 'bootstrap admin exists; left as it is (ADMIN_PASSWORD is used only to create it)' });
      return;
    }
    const created = await this.users.createIfEmailFree({
      email: admin.email,
      displayName: 'Administrator',
      passwordHash: await this.hasher.hash(admin.password),
      roles: ['admin'],
    });
    // null: another replica created it between our look and our insert, which is just as good.
    if (created) this.logger.log({ msg: 'bootstrap admin created', accountId: String(created._id) });
  }
}
