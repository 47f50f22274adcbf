import { Injectable, Logger } from '@nestjs/common';
import { pageWindow, toPage } from '@app/pagination';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { type ListUsersQuery } from './dto/list-users.query';
import { type UserPageView } from './user-page.view';
import { UserRepository } from './user.repository';
import { type AdminUserView, toAdminUserView, toUserView, type StoredUser, type UserView } from './user.view';
import { LastAdminError, nothingToChange, OwnAccessChangeError, UserNotFoundError } from './users.errors';

const isActiveAdmin = (user: Pick<StoredUser, 'roles' | 'active'>): boolean =>
  user.roles.includes('admin') && user.active !== false;

/** What admins do with accounts: list and search, change roles, disable and enable. */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly sessions: RefreshSessionsService,
  ) {}

  async list(query: ListUsersQuery): Promise<UserPageView> {
    const window = pageWindow(query);
    const { items, total } = await this.users.search(query, window);
    return toPage(items.map(toUserView), window, total);
  }

  /** With `lockedUntil`, so admins see an account locked during a distributed attack (and can lift it). */
  async get(id: string): Promise<AdminUserView> {
    const user = await this.users.findView(id);
    if (!user) throw new UserNotFoundError();
    return toAdminUserView(user, await this.users.lockedUntil(id));
  }

  /**
   * Disabling an account or removing its admin role ends every session at once: refresh fails, and the
   * sessions' access tokens stop opening privileged routes in every service (the shared revocation list).
   * Nobody changes their own access, and the last active admin stays an active admin.
   */
  async update(actorId: string, id: string, dto: AdminUpdateUserDto): Promise<UserView> {
    if (dto.roles === undefined && dto.active === undefined) throw nothingToChange();
    if (actorId === id) throw new OwnAccessChangeError();
    const before = await this.users.findView(id);
    if (!before) throw new UserNotFoundError();
    const user = await this.users.applyAdminChanges(id, dto);
    if (!user) throw new UserNotFoundError();
    const removesAnAdmin = isActiveAdmin(before) && !isActiveAdmin(user);
    // Checked after the write, so two admins demoting each other at once cannot both succeed: each sees
    // the other's change, and each change that left no admin is undone.
    if (removesAnAdmin && (await this.users.countActiveAdmins()) === 0) {
      await this.users.applyAdminChanges(id, { roles: before.roles, active: before.active !== false });
      throw new LastAdminError();
    }
    const reason = dto.active === false ? 'account-disabled' : 'admin-role-removed';
    const lostAccess = dto.active === false || (before.roles.includes('admin') && !user.roles.includes('admin'));
    const sessionsRevoked = lostAccess ? await this.sessions.revokeAllOfUser(id, reason) : 0;
    const changes = { roles: dto.roles, active: dto.active };
    this.logger.log({ msg: 'account changed by an admin', accountId: id, changes, sessionsRevoked });
    return toUserView(user);
  }
}
