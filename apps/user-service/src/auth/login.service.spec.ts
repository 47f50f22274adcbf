import { type PasswordHasher } from '../passwords/password-hasher';
import { type AccountLockoutService } from '../users/account-lockout.service';
import { type UserRepository } from '../users/user.repository';
import { TooManyLoginAttemptsError } from './auth.errors';
import { type AuthMetrics } from './auth.metrics';
import { type LoginAttemptLimiter } from './login-attempt-limiter';
import { LoginService } from './login.service';
import { type TokenIssuer } from './token-issuer';

/** The per-email limiter decides first; nothing about the account is read when it refuses or fails. */
describe('LoginService.login when the attempt limiter does not admit the attempt', () => {
  function serviceOver(refusal: Error) {
    const users = { findCredentialsByEmail: jest.fn() };
    const metrics = { login: jest.fn() };
    const service = new LoginService(
      users as unknown as UserRepository,
      {} as PasswordHasher,
      { admit: jest.fn(async () => Promise.reject(refusal)) } as unknown as LoginAttemptLimiter,
      {} as AccountLockoutService,
      {} as TokenIssuer,
      metrics as unknown as AuthMetrics,
    );
    return { service, users, metrics };
  }

  const credentials = { email: 'a@example.com', password: 'any passphrase' };

  it('answers 429 and counts the attempt as rate limited', async () => {
    const { service, users, metrics } = serviceOver(new TooManyLoginAttemptsError(30));
    await expect(service.login(credentials)).rejects.toBeInstanceOf(TooManyLoginAttemptsError);
    expect(metrics.login).toHaveBeenCalledWith('rate_limited');
    expect(users.findCredentialsByEmail).not.toHaveBeenCalled();
  });

  it('passes a failure of the limiter storage through without calling it rate limiting', async () => {
    const { service, users, metrics } = serviceOver(new Error('redis unavailable'));
    await expect(service.login(credentials)).rejects.toThrow('redis unavailable');
    expect(metrics.login).not.toHaveBeenCalled();
    expect(users.findCredentialsByEmail).not.toHaveBeenCalled();
  });
});
