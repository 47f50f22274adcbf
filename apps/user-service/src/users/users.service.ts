import { Injectable, Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { ValidationFailedError } from '@app/errors';
import { AccountDisabledError, EmailAlreadyRegisteredError } from '../auth/auth.errors';
import { type RegisterDto } from '../auth/dto/register.dto';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordPolicyViolations } from '../passwords/password-policy';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type ChangePasswordDto } from './dto/change-password.dto';
import { type UpdateProfileDto } from './dto/update-profile.dto';
import { UserRepository } from './user.repository';
import { toUserView, type UserView } from './user.view';
import { CurrentPasswordIncorrectError, nothingToChange, UserNotFoundError } from './users.errors';
import { UsersMetrics } from './users.metrics';

/** Registration and what shoppers do with their own account. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: RefreshSessionsService,
    private readonly metrics: UsersMetrics,
  ) {}

  /** Every account starts as a customer; the role is never taken from the request. */
  async register(dto: RegisterDto): Promise<UserView> {
    const passwordHash = await this.hasher.hash(dto.password);
    const { email, displayName } = dto;
    const created = await this.users.createIfEmailFree({ email, displayName, passwordHash, roles: ['customer'] });
    if (!created) {
      this.metrics.registration('email_taken');
      throw new EmailAlreadyRegisteredError();
    }
    this.metrics.registration('created');
    this.logger.log({ msg: 'account registered', accountId: String(created._id) });
    return toUserView(created);
  }

  async profile(userId: string): Promise<UserView> {
    const user = await this.users.findView(this.accountId(userId));
    if (!user) throw new UserNotFoundError();
    if (user.active === false) throw new AccountDisabledError();
    return toUserView(user);
  }

  async updateProfile(userId: string, dto: UpdateProfileDto): Promise<UserView> {
    if (dto.displayName === undefined) throw nothingToChange();
    const user = await this.users.renameActive(this.accountId(userId), dto.displayName);
    // Not updated: report why (unknown or disabled) exactly as a read would.
    return user ? toUserView(user) : this.profile(userId);
  }

  /**
   * Needs the current password; ends every other session of the account (a thief holding another session's
   * refresh token loses it) and keeps the caller's own, identified by the `sid` of their access token.
   */
  async changePassword(userId: string, currentSessionId: string | undefined, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findCredentialsById(this.accountId(userId));
    if (!user) throw new UserNotFoundError();
    if (user.active === false) throw new AccountDisabledError();
    if (!(await this.hasher.verify(dto.currentPassword, user.passwordHash))) throw new CurrentPasswordIncorrectError();
    const problems = passwordPolicyViolations(dto.newPassword, user.email);
    if (dto.newPassword === dto.currentPassword) problems.push('newPassword must differ from the current password');
    if (problems.length > 0)
      throw new ValidationFailedError([
        { field: 'newPassword', messages: problems.map((text) => text.replace(/^password/, 'newPassword')) },
      ]);
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.users.changePassword(userId, passwordHash);
    const ended = await this.sessions.revokeAllOfUser(userId, 'password-change', currentSessionId);
    this.logger.log({ msg: 'password changed; other sessions revoked', accountId: userId, sessionsRevoked: ended });
  }

  /** Token subjects of users are ObjectIds; anything else (a service client) has no account here. */
  private accountId(userId: string): string {
    if (!Types.ObjectId.isValid(userId) || !/^[0-9a-f]{24}$/i.test(userId)) throw new UserNotFoundError();
    return userId;
  }
}
