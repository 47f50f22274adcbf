import { type RefreshSessionsService } from '../sessions/refresh-sessions.service';
import { type UserRepository } from '../users/user.repository';
import { AccountDisabledError, RefreshTokenInvalidError } from './auth.errors';
import { type AuthMetrics } from './auth.metrics';
import { RefreshService } from './refresh.service';
import { type TokenIssuer } from './token-issuer';

const rotated = { outcome: 'rotated', userId: 'u1', sessionId: 's1', refreshToken: 'next' };

/** A rotated token whose account can no longer sign in: the session ends and no new tokens are issued. */
describe('RefreshService.refresh for an account that is gone or disabled', () => {
  function serviceOver(account: object | null) {
    const sessions = { rotate: jest.fn(async () => rotated), revoke: jest.fn() };
    const tokens = { pair: jest.fn() };
    const metrics = { refresh: jest.fn() };
    const service = new RefreshService(
      { findAccess: jest.fn(async () => account) } as unknown as UserRepository,
      sessions as unknown as RefreshSessionsService,
      tokens as unknown as TokenIssuer,
      metrics as unknown as AuthMetrics,
    );
    return { service, sessions, tokens, metrics };
  }

  it('tells a disabled account so (403), and revokes the session', async () => {
    const { service, sessions, tokens, metrics } = serviceOver({ roles: ['customer'], active: false });
    await expect(service.refresh('token')).rejects.toBeInstanceOf(AccountDisabledError);
    expect(sessions.revoke).toHaveBeenCalledWith('s1', 'account-disabled');
    expect(metrics.refresh).toHaveBeenCalledWith('disabled');
    expect(tokens.pair).not.toHaveBeenCalled();
  });

  it('answers a deleted account like an invalid token (401), revoking the session', async () => {
    const { service, sessions } = serviceOver(null);
    await expect(service.refresh('token')).rejects.toBeInstanceOf(RefreshTokenInvalidError);
    expect(sessions.revoke).toHaveBeenCalledWith('s1', 'account-disabled');
  });
});
