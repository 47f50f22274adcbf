import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { IdentityMetrics } from '../common/identity-metrics';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccountLockoutService } from '../users/account-lockout.service';
import { User, type UserDocument } from '../users/schemas/user.schema';
import { AccountDisabledError, InvalidCredentialsError, TooManyLoginAttemptsError } from './auth.errors';
import { type LoginDto } from './dto/login.dto';
import { type TokenResponseDto } from './dto/token-response.dto';
import { LoginAttemptLimiter } from './login-attempt-limiter';
import { TokenIssuer } from './token-issuer';

/**
 * Email and password login. Every path that fails for lack of proof costs one bcrypt verification (against
 * a dummy hash when the email is unknown) and ends in the same INVALID_CREDENTIALS, so neither the answer
 * nor its timing tells whether an account exists.
 */
@Injectable()
export class LoginService {
  constructor(
    @InjectModel(User.name) private readonly users: Model<UserDocument>,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginAttemptLimiter,
    private readonly lockout: AccountLockoutService,
    private readonly tokens: TokenIssuer,
    private readonly metrics: IdentityMetrics,
  ) {}

  async login({ email, password }: LoginDto): Promise<TokenResponseDto> {
    await this.admit(email);
    const user = await this.users.findOne({ email }).select('+passwordHash +lockedUntil').lean();
    if (!user) {
      await this.hasher.verifyAgainstDummy(password);
      return this.fail('unknown_email');
    }
    const matches = await this.hasher.verify(password, user.passwordHash);
    // Checked after verifying so a locked account answers as slowly as any other, whatever the password.
    if (this.lockout.isLocked(user)) return this.fail('locked');
    if (!matches) {
      await this.lockout.recordFailure(user._id);
      return this.fail('wrong_password');
    }
    if (user.active === false) {
      this.metrics.login('disabled');
      throw new AccountDisabledError();
    }
    await this.lockout.recordSuccess(user._id);
    if (this.hasher.needsRehash(user.passwordHash)) await this.upgradeHash(user._id, password);
    this.metrics.login('success');
    return this.tokens.startSession(String(user._id), user.roles);
  }

  private async admit(email: string): Promise<void> {
    try {
      await this.limiter.admit(email);
    } catch (error) {
      if (error instanceof TooManyLoginAttemptsError) this.metrics.login('rate_limited');
      throw error;
    }
  }

  private fail(outcome: 'unknown_email' | 'locked' | 'wrong_password'): never {
    this.metrics.login(outcome);
    throw new InvalidCredentialsError();
  }

  /** Hashes from a lower cost setting (or the dev seed) are brought up to BCRYPT_COST while we hold the password. */
  private async upgradeHash(userId: Types.ObjectId, password: string): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { passwordHash: await this.hasher.hash(password) } });
  }
}
