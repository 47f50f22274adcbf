import { type PasswordHasher } from '../passwords/password-hasher';
import { type AccountAttackLock } from '../users/account-attack-lock';
import { type UserRepository } from '../users/user.repository';
import { LoginThrottledError } from './auth.errors';
import { type AuthMetrics } from './auth.metrics';
import { type LoginThrottle } from './login-throttle';
import { LoginService } from './login.service';
import { type TokenIssuer } from './token-issuer';

/** The throttle decides first; nothing about the account is read (and no bcrypt spent) when it refuses or fails. */
describe('LoginService.login when the throttle does not admit the attempt', () => {
  function serviceOver(refusal: Error) {
    const users = { findCredentialsByEmail: jest.fn() };
    const metrics = { login: jest.fn() };
    const service = new LoginService(
      users as unknown as UserRepository,
      {} as PasswordHasher,
      { admit: jest.fn(async () => Promise.reject(refusal)) } as unknown as LoginThrottle,
      {} as AccountAttackLock,
      {} as TokenIssuer,
      metrics as unknown as AuthMetrics,
    );
    return { service, users, metrics };
  }

  const credentials = { email: 'a@example.com', password: 'any passphrase' };

  it('answers 429 and counts the attempt as rate limited', async () => {
    const { service, users, metrics } = serviceOver(new LoginThrottledError(30));
    await expect(service.login(credentials, '10.0.0.1')).rejects.toBeInstanceOf(LoginThrottledError);
    expect(metrics.login).toHaveBeenCalledWith('rate_limited');
    expect(users.findCredentialsByEmail).not.toHaveBeenCalled();
  });

  it('passes any other failure through without calling it rate limiting', async () => {
    const { service, users, metrics } = serviceOver(new Error('store unavailable'));
    await expect(service.login(credentials, '10.0.0.1')).rejects.toThrow('store unavailable');
    expect(metrics.login).not.toHaveBeenCalled();
    expect(users.findCredentialsByEmail).not.toHaveBeenCalled();
  });
});
