import { MemorySessionRevocations } from '@app/auth';
import { type UserSettings } from '../user-settings';
import { hashToken } from './opaque-token';
import { type RefreshSessionRepository } from './refresh-session.repository';
import { RefreshSessionsService } from './refresh-sessions.service';

const OWNER = { sessionId: '65a0000000000000000000a1', userId: '65a0000000000000000000b2' };
const TTL_SECONDS = 600;

function setUp() {
  const repository = {
    startSession: jest.fn().mockResolvedValue(OWNER.sessionId),
    rotateSession: jest.fn().mockResolvedValue(null),
    findByRotatedToken: jest.fn().mockResolvedValue(null),
    revokeFamily: jest.fn().mockResolvedValue(undefined),
    revokeFamilyOfToken: jest.fn().mockResolvedValue(null),
  };
  const settings = {
    refreshTokenTtlSeconds: TTL_SECONDS,
    sessionAbsoluteTtlSeconds: 3600,
    accessTokenTtlSeconds: 900,
  } as UserSettings;
  const revocations = new MemorySessionRevocations();
  const service = new RefreshSessionsService(repository as unknown as RefreshSessionRepository, settings, revocations);
  return { repository, service, revocations };
}

describe('RefreshSessionsService', () => {
  it('stores only the hash of a new token, expiring after the refresh TTL', async () => {
    const { repository, service } = setUp();
    const issued = await service.start(OWNER.userId);
    expect(issued).toEqual({ ...OWNER, refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const [userId, tokenHash, expiresAt, absoluteEnd] = repository.startSession.mock.calls[0] as [
      string,
      string,
      Date,
      Date,
    ];
    expect([userId, tokenHash]).toEqual([OWNER.userId, hashToken(issued.refreshToken)]);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((TTL_SECONDS - 5) * 1000);
    expect(absoluteEnd.getTime() - Date.now()).toBeGreaterThan(3595 * 1000);
  });

  it('rotates the current token into a new one', async () => {
    const { repository, service } = setUp();
    repository.rotateSession.mockResolvedValue(OWNER);
    const result = await service.rotate('presented-token');
    expect(result).toEqual({ outcome: 'rotated', ...OWNER, refreshToken: expect.any(String) });
    const [presented, next] = repository.rotateSession.mock.calls[0] as [string, string, Date];
    expect(presented).toBe(hashToken('presented-token'));
    expect(next).toBe(hashToken((result as { refreshToken: string }).refreshToken));
    expect(repository.revokeFamily).not.toHaveBeenCalled();
  });

  it('revokes the whole family, and its access tokens, when an already rotated token comes back', async () => {
    const { repository, service, revocations } = setUp();
    repository.findByRotatedToken.mockResolvedValue(OWNER);
    expect(await service.rotate('copied-token')).toEqual({ outcome: 'reused', ...OWNER });
    expect(repository.findByRotatedToken).toHaveBeenCalledWith(hashToken('copied-token'));
    expect(repository.revokeFamily).toHaveBeenCalledWith(OWNER.sessionId, 'reuse');
    expect(await revocations.isRevoked(OWNER.sessionId)).toBe(true);
  });

  it('calls a token it has never seen invalid and revokes nothing', async () => {
    const { repository, service } = setUp();
    expect(await service.rotate('unknown-token')).toEqual({ outcome: 'invalid' });
    expect(repository.revokeFamily).not.toHaveBeenCalled();
  });

  it('logs out by the hash of the token', async () => {
    const { repository, service } = setUp();
    await service.revokeByToken('some-token');
    expect(repository.revokeFamilyOfToken).toHaveBeenCalledWith(hashToken('some-token'), 'logout');
  });
});
