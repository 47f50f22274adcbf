import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PasswordHasher } from '../passwords/password-hasher';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { UserSettings } from '../user-settings';
import { User, type UserDocument } from './schemas/user.schema';
import { isDuplicateKeyError } from '@app/database';

/**
 * ADMIN_EMAIL / ADMIN_PASSWORD create or update the first admin at start-up, idempotently: the account ends
 * up existing, active, unlocked, with the admin role and that password; running again changes nothing (the
 * password is re-hashed only when it differs). ADMIN_PASSWORD is authoritative while it is set.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly hasher: PasswordHasher,
    private readonly sessions: RefreshSessionsService,
    private readonly settings: UserSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.settings.bootstrapAdmin;
    if (!admin) return;
    await this.users.init(); // the unique email index must exist before two replicas race to create the admin
    try {
      await this.ensureAdmin(admin.email, admin.password);
    } catch (error) {
      // Another replica created it between our read and our insert: the update path is now right.
      if (!isDuplicateKeyError(error)) throw error;
      await this.ensureAdmin(admin.email, admin.password);
    }
  }

  private async ensureAdmin(email: string, password: string): Promise<void> {
    const existing = await this.users.findOne({ email }).select('+passwordHash +failedLoginCount +lockedUntil').lean();
    if (!existing) {
      const created = await this.users.create({
        email,
        displayName: 'Administrator',
        passwordHash: await this.hasher.hash(password),
        roles: ['admin'],
        active: true,
      });
      this.logger.log({ msg: 'bootstrap admin created', accountId: created.id as string });
      return;
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
      return;
    }
    const set: Record<string, unknown> = { active: true, failedLoginCount: 0, lockedUntil: null };
    if (passwordChanged)
      Object.assign(set, { passwordHash: await this.hasher.hash(password), passwordChangedAt: new Date() });
    await this.users.updateOne({ _id: existing._id }, { $set: set, $addToSet: { roles: 'admin' } });
    if (passwordChanged) await this.sessions.revokeAllOfUser(String(existing._id), 'admin-password');
    this.logger.log({ msg: 'bootstrap admin updated', accountId: String(existing._id), passwordChanged });
  }
}
