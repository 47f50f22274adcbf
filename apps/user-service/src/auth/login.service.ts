import { Injectable } from '@nestjs/common';
import { PasswordHasher } from '../passwords/password-hasher';
import { AccountAttackLock } from '../users/account-attack-lock';
import { UserRepository } from '../users/user.repository';
import { AccountDisabledError, InvalidCredentialsError, LoginThrottledError } from './auth.errors';
import { AuthMetrics } from './auth.metrics';
import { type LoginDto } from './dto/login.dto';
import { LoginThrottle } from './login-throttle';
import { TokenIssuer } from './token-issuer';
import { type TokenView } from './token.view';

/**
 * Email and password login. Every path that fails for lack of proof costs one bcrypt verification (against
 * a dummy hash when the email is unknown) and ends in the same INVALID_CREDENTIALS, so neither the answer
 * nor its timing tells whether an account exists. Guessing is slowed per email and client address and per
 * address (LoginThrottle); only a distributed attack locks the account itself (AccountAttackLock).
 */
@Injectable()
export class LoginService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly attackLock: AccountAttackLock,
    private readonly tokens: TokenIssuer,
    private readonly metrics: AuthMetrics,
  ) {}

  async login({ email, password }: LoginDto, address: string): Promise<TokenView> {
    await this.admit(email, address);
    const user = await this.users.findCredentialsByEmail(email);
    if (!user) {
      await this.hasher.verifyAgainstDummy(password);
      await this.throttle.recordFailure(email, address);
      return this.fail('unknown_email');
    }
    const userId = String(user._id);
    const matches = await this.hasher.verify(password, user.passwordHash);
    // Checked after verifying so a locked account answers as slowly as any other, whatever the password.
    if (this.attackLock.isLocked(user)) return this.fail('locked');
    if (!matches) {
      const evidence = await this.throttle.recordFailure(email, address);
      await this.attackLock.consider(userId, evidence.distinctAddresses);
      return this.fail('wrong_password');
    }
    if (user.active === false) {
      this.metrics.login('disabled');
      throw new AccountDisabledError();
    }
    await this.throttle.recordSuccess(email, address);
    await this.users.recordSuccessfulLogin(userId);
    if (this.hasher.needsRehash(user.passwordHash)) await this.upgradeHash(userId, password);
    this.metrics.login('success');
    return this.tokens.startSession(userId, user.roles);
  }

  private async admit(email: string, address: string): Promise<void> {
    try {
      await this.throttle.admit(email, address);
    } catch (error) {
      if (error instanceof LoginThrottledError) this.metrics.login('rate_limited');
      throw error;
    }
  }

  private fail(outcome: 'unknown_email' | 'locked' | 'wrong_password'): never {
    this.metrics.login(outcome);
    throw new InvalidCredentialsError();
  }

  /** Hashes from a lower cost setting (or the dev seed) are brought up to BCRYPT_COST while we hold the password. */
  private async upgradeHash(userId: string, password: string): Promise<void> {
    await this.users.upgradePasswordHash(userId, await this.hasher.hash(password));
  }
}
