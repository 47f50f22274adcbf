import { Injectable, Logger } from '@nestjs/common';
import { pageWindow, toPage } from '@app/pagination';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { type ListUsersQuery } from './dto/list-users.query';
import { type UserPageView } from './user-page.view';
import { UserRepository } from './user.repository';
import { toUserView, type UserView } from './user.view';
import { nothingToChange, OwnAccessChangeError, UserNotFoundError } from './users.errors';

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

  async get(id: string): Promise<UserView> {
    const user = await this.users.findView(id);
    if (!user) throw new UserNotFoundError();
    return toUserView(user);
  }

  /**
   * Disabling ends every session at once (refresh fails); access tokens already issued expire within
   * ACCESS_TOKEN_TTL_SECONDS. Role changes reach the account's next access token (login or refresh).
   */
  async update(actorId: string, id: string, dto: AdminUpdateUserDto): Promise<UserView> {
    if (dto.roles === undefined && dto.active === undefined) throw nothingToChange();
    if (actorId === id && (dto.active === false || (dto.roles && !dto.roles.includes('admin'))))
      throw new OwnAccessChangeError();
    const user = await this.users.applyAdminChanges(id, dto);
    if (!user) throw new UserNotFoundError();
    const sessionsRevoked = dto.active === false ? await this.sessions.revokeAllOfUser(id, 'account-disabled') : 0;
    const changes = { roles: dto.roles, active: dto.active };
    this.logger.log({ msg: 'account changed by an admin', accountId: id, changes, sessionsRevoked });
    return toUserView(user);
  }
}
