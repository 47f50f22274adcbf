import { type TestService } from '../../../test/support/test-service';
import { databaseOf, IdentityClient, PASSWORD, startUserService } from './support/identity-client';

/** Issue 16, point 5: sessions end after an absolute lifetime; a full bcrypt queue answers 503 at once. */
describe('user-service: session lifetime and password-work limits', () => {
  describe('absolute session lifetime (SESSION_ABSOLUTE_TTL_HOURS)', () => {
    let service: TestService;
    let client: IdentityClient;
    beforeAll(async () => {
      service = await startUserService({ SESSION_ABSOLUTE_TTL_HOURS: '720' });
      client = new IdentityClient(service);
    });
    afterAll(async () => service.close());

    it('ends a session refreshed all along once its absolute lifetime is over', async () => {
      const { tokens } = await client.newCustomer('absolute');
      const session = await databaseOf(service)
        .collection('refresh_sessions')
        .findOne({}, { sort: { createdAt: -1 } });
      const lifetimeMs = session!.absoluteExpiresAt.getTime() - session!.createdAt.getTime();
      expect(lifetimeMs / 3_600_000).toBeCloseTo(720, 0);
      const refreshed = await client.refresh(tokens.refreshToken);
      expect(refreshed.status).toBe(200);
      // 30 days later (moved in the database rather than waited for): however recently it was refreshed.
      await databaseOf(service)
        .collection('refresh_sessions')
        .updateOne({ _id: session!._id }, { $set: { absoluteExpiresAt: new Date(Date.now() - 1_000) } });
      const refused = await client.refresh(refreshed.json.refreshToken as string);
      expect(refused.status).toBe(401);
      expect(refused.json.code).toBe('REFRESH_TOKEN_INVALID');
    });
  });

  describe('bounded bcrypt queue (BCRYPT_QUEUE_MAX)', () => {
    let service: TestService;
    let client: IdentityClient;
    beforeAll(async () => {
      service = await startUserService({ BCRYPT_COST: '10', BCRYPT_WORKERS: '1', BCRYPT_QUEUE_MAX: '2' });
      client = new IdentityClient(service);
    });
    afterAll(async () => service.close());

    it('answers a burst of logins beyond the queue with 503 LOGIN_BUSY and Retry-After, then logs in', async () => {
      const { email } = await client.newCustomer('burst');
      const burst = await Promise.all(Array.from({ length: 8 }, () => client.login(email, PASSWORD)));
      const busy = burst.filter((answer) => answer.status === 503);
      expect(busy.length).toBeGreaterThan(0);
      expect(burst.filter((answer) => answer.status === 200).length).toBeGreaterThan(0);
      expect(busy[0].json.code).toBe('LOGIN_BUSY');
      expect(busy[0].headers.get('retry-after')).toBe('1');
      expect((await client.login(email, PASSWORD)).status).toBe(200);
    });
  });
});
