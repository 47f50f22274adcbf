import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { UserSettings } from '../user-settings';
import { UserRepository } from './user.repository';

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD create or update the first admin at start-up, idempotently: the account ends
 * up existing, active, unlocked, with the admin role and that password; running again changes nothing (the
 * password is re-hashed only when it differs). ADMIN_PASSWORD is authoritative while it is set.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: RefreshSessionsService,
    private readonly settings: UserSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.settings.bootstrapAdmin;
    if (!admin) return;
    await this.users.ensureIndexes(); // before two replicas race to create the admin
    if (await this.ensureAdmin(admin.email, admin.password)) return;
    // Another replica created it between our read and our insert: the update path is now right.
    if (!(await this.ensureAdmin(admin.email, admin.password)))
      throw new Error('the bootstrap admin could be neither created nor found');
  }

  /** `false` when the account appeared between the read and the insert. */
  private async ensureAdmin(email: string, password: string): Promise<boolean> {
    const existing = await this.users.findAdminCandidate(email);
    if (!existing) {
      const created = await this.users.createIfEmailFree({
        email,
        displayName: 'Administrator',
        passwordHash: await this.hasher.hash(password),
        roles: ['admin'],
      });
      if (!created) return false;
      this.logger.log({ msg: 'bootstrap admin created', accountId: String(created._id) });
      return true;
    }
    const passwordChanged = !(await this.hasher.verify(password, existing.passwordHash));
    const inShape =
      existing.active !== false &&
      existing.roles.includes('admin') &&
      !existing.lockedUntil &&
      !existing.failedLoginCount &&
      !passwordChanged;
    if (inShape) {
      this.logger.log({ msg: 'bootstrap admin already in place', accountId: String(existing._id) });
      return true;
    }
    const accountId = String(existing._id);
    await this.users.restoreAdmin(accountId, passwordChanged ? await this.hasher.hash(password) : undefined);
    if (passwordChanged) await this.sessions.revokeAllOfUser(accountId, 'admin-password');
    this.logger.log({ msg: 'bootstrap admin updated', accountId, passwordChanged });
    return true;
  }
}
