import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type QueryFilter, Model, Types } from 'mongoose';
import { pageWindow, toPage } from '@app/pagination';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type AdminUpdateUserDto } from './dto/admin-update-user.dto';
import { type ListUsersQuery } from './dto/list-users.query';
import { type UserPageDto } from './dto/user-page.dto';
import { User, type UserDocument } from './schemas/user.schema';
import { toUserView, USER_VIEW_FIELDS, type UserView } from './user.view';
import { nothingToChange, OwnAccessChangeError, UserNotFoundError } from './users.errors';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What admins do with accounts: list and search, change roles, disable and enable. */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly sessions: RefreshSessionsService,
  ) {}

  async list(query: ListUsersQuery): Promise<UserPageDto> {
    const window = pageWindow(query);
    const filter: QueryFilter<UserDocument> = {};
    if (query.q) {
      const pattern = new RegExp(escapeRegex(query.q), 'i');
      filter.$or = [{ email: pattern }, { displayName: pattern }];
    }
    if (query.role) filter.roles = query.role;
    if (query.active !== undefined) filter.active = query.active ? { $ne: false } : false;
    const [items, total] = await Promise.all([
      this.users
        .find(filter, USER_VIEW_FIELDS)
        .sort({ createdAt: -1, _id: -1 })
        .skip(window.skip)
        .limit(window.pageSize)
        .lean(),
      this.users.countDocuments(filter),
    ]);
    return toPage(items.map(toUserView), window, total);
  }

  async get(id: string): Promise<UserView> {
    const user = await this.users.findById(new Types.ObjectId(id), USER_VIEW_FIELDS).lean();
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
    const set: Record<string, unknown> = {};
    if (dto.roles) set.roles = dto.roles;
    if (dto.active !== undefined) set.active = dto.active;
    if (dto.active === true) Object.assign(set, { failedLoginCount: 0, lockedUntil: null });
    const user = await this.users
      .findByIdAndUpdate(
        new Types.ObjectId(id),
        { $set: set },
        { returnDocument: 'after', projection: USER_VIEW_FIELDS },
      )
      .lean();
    if (!user) throw new UserNotFoundError();
    const sessionsRevoked = dto.active === false ? await this.sessions.revokeAllOfUser(id, 'account-disabled') : 0;
    this.logger.log({ msg: 'account changed by an admin', accountId: id, changes: Object.keys(set), sessionsRevoked });
    return toUserView(user);
  }
}
