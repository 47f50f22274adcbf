import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ValidationFailedError } from '@app/errors';
import { AccountDisabledError, EmailAlreadyRegisteredError } from '../auth/auth.errors';
import { type RegisterDto } from '../auth/dto/register.dto';
import { IdentityMetrics } from '../common/identity-metrics';
import { PasswordHasher } from '../passwords/password-hasher';
import { passwordPolicyViolations } from '../passwords/password-policy';
import { RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type ChangePasswordDto } from './dto/change-password.dto';
import { type UpdateProfileDto } from './dto/update-profile.dto';
import { User, type UserDocument } from './schemas/user.schema';
import { toUserView, USER_VIEW_FIELDS, type UserView } from './user.view';
import { CurrentPasswordIncorrectError, nothingToChange, UserNotFoundError } from './users.errors';
import { isDuplicateKeyError } from '@app/database';

/** Registration and what shoppers do with their own account. */
@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly hasher: PasswordHasher,
    private readonly sessions: RefreshSessionsService,
    private readonly metrics: IdentityMetrics,
  ) {}

  /** Every account starts as a customer; the role is never taken from the request. */
  async register(dto: RegisterDto): Promise<UserView> {
    const passwordHash = await this.hasher.hash(dto.password);
    try {
      const created = await this.users.create({
        email: dto.email,
        displayName: dto.displayName,
        passwordHash,
        roles: ['customer'],
        active: true,
      });
      this.metrics.registrations.inc({ outcome: 'created' });
      this.logger.log({ msg: 'account registered', accountId: created.id as string });
      return toUserView(created.toObject());
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      this.metrics.registrations.inc({ outcome: 'email_taken' });
      throw new EmailAlreadyRegisteredError();
    }
  }

  async profile(userId: string): Promise<UserView> {
    const user = await this.users.findById(this.objectId(userId), USER_VIEW_FIELDS).lean();
    if (!user) throw new UserNotFoundError();
    if (user.active === false) throw new AccountDisabledError();
    return toUserView(user);
  }

  async updateProfile(userId: string, dto: UpdateProfileDto): Promise<UserView> {
    if (dto.displayName === undefined) throw nothingToChange();
    const user = await this.users
      .findOneAndUpdate(
        { _id: this.objectId(userId), active: { $ne: false } },
        { $set: { displayName: dto.displayName } },
        { returnDocument: 'after', projection: USER_VIEW_FIELDS },
      )
      .lean();
    // Not updated: report why (unknown or disabled) exactly as a read would.
    return user ? toUserView(user) : this.profile(userId);
  }

  /**
   * Needs the current password; ends every other session of the account (a thief holding another session's
   * refresh token loses it) and keeps the caller's own, identified by the `sid` of their access token.
   */
  async changePassword(userId: string, currentSessionId: string | undefined, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findById(this.objectId(userId)).select('+passwordHash').lean();
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
    await this.users.updateOne(
      { _id: user._id },
      { $set: { passwordHash, passwordChangedAt: new Date(), failedLoginCount: 0, lockedUntil: null } },
    );
    const ended = await this.sessions.revokeAllOfUser(userId, 'password-change', currentSessionId);
    this.logger.log({ msg: 'password changed; other sessions revoked', accountId: userId, sessionsRevoked: ended });
  }

  /** Token subjects of users are ObjectIds; anything else (a service client) has no account here. */
  private objectId(userId: string): Types.ObjectId {
    if (!Types.ObjectId.isValid(userId) || !/^[0-9a-f]{24}$/i.test(userId)) throw new UserNotFoundError();
    return new Types.ObjectId(userId);
  }
}
