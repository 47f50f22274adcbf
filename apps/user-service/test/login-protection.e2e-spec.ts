import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { http } from '../../../test/support/http';
import { BcryptRunner } from '../src/passwords/bcrypt-runner';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, PASSWORD, startUserService, uniqueEmail } from './support/identity-client';

const WRONG = 'not the right password';
let nextAddress = 0;
/** Every call from a different client address (one trusted proxy hop), to show which limit is per email. */
const freshAddress = () => ({
  'x-forwarded-for': `10.1.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`,
});

describe('user-service: login protection', () => {
  describe('per-email limit and temporary lockout', () => {
    let service: TestService;
    let client: IdentityClient;

    beforeAll(async () => {
      service = await startUserService({
        TRUST_PROXY: '1',
        LOGIN_MAX_ATTEMPTS_PER_EMAIL: '6',
        LOGIN_LOCKOUT_THRESHOLD: '3',
        LOGIN_LOCKOUT_SECONDS: '1',
        ADMIN_EMAIL: 'lock-admin@example.com',
        ADMIN_PASSWORD: 'the lockout admin passphrase',
      });
      client = new IdentityClient(service);
    });
    afterAll(async () => service.close());

    const attempt = (email: string, password: string) => client.login(email, password, freshAddress());

    it('limits attempts per email across client addresses, with Retry-After, for unknown emails alike', async () => {
      const known = uniqueEmail('limited');
      await client.register(known);
      for (const email of [known, uniqueEmail('unknown')]) {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i += 1) statuses.push((await attempt(email, i % 2 ? WRONG : `${WRONG}!`)).status);
        expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
        const limited = await attempt(email, PASSWORD);
        expect(limited.status).toBe(429);
        expect(limited.json.code).toBe('RATE_LIMITED');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Another email is not affected.
      const other = uniqueEmail('unaffected');
      await client.register(other);
      expect((await attempt(other, PASSWORD)).status).toBe(200);
    });

    it('locks an account after consecutive failures, answering like a wrong password, then unlocks', async () => {
      const email = uniqueEmail('locked');
      await client.register(email);
      for (let i = 0; i < 3; i += 1) expect((await attempt(email, WRONG)).status).toBe(401);
      const whileLocked = await attempt(email, PASSWORD);
      const wrong = await attempt(uniqueEmail('nobody'), WRONG);
      expect(whileLocked.status).toBe(401);
      expect({ ...whileLocked.json, requestId: 0 }).toEqual({ ...wrong.json, requestId: 0 });
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await attempt(email, PASSWORD)).status).toBe(200);
    });

    it('counts only consecutive failures: a successful login starts the count again', async () => {
      const email = uniqueEmail('reset');
      await client.register(email);
      for (const password of [WRONG, WRONG, PASSWORD, WRONG, WRONG]) await attempt(email, password);
      expect((await attempt(email, PASSWORD)).status).toBe(200);
    });

    it('is lifted at once when an admin enables the account', async () => {
      const email = uniqueEmail('unlock');
      const id = (await client.register(email)).json.id as string;
      for (let i = 0; i < 3; i += 1) await attempt(email, WRONG);
      expect((await attempt(email, PASSWORD)).status).toBe(401);
      const admin = await client.loginOk('lock-admin@example.com', 'the lockout admin passphrase');
      const enabled = await client.call(`/api/v1/users/${id}`, {
        method: 'PATCH',
        token: admin.accessToken,
        json: { active: true },
      });
      expect(enabled.status).toBe(200);
      expect((await attempt(email, PASSWORD)).status).toBe(200);
    });

    it('spends one bcrypt verification at the configured cost for an unknown email too', async () => {
      const email = uniqueEmail('timing');
      await client.register(email);
      const compare = jest.spyOn(service.app.get(BcryptRunner), 'compare');
      try {
        await attempt(uniqueEmail('ghost'), WRONG);
        await attempt(email, WRONG);
        expect(compare).toHaveBeenCalledTimes(2);
        const costs = compare.mock.calls.map(([, hash]) => bcrypt.getRounds(hash));
        expect(costs).toEqual([4, 4]);
      } finally {
        compare.mockRestore();
      }
    });

    it('counts lockouts and refused logins in /metrics', async () => {
      const metrics = (await http(service.baseUrl, '/metrics')).text;
      expect(metrics).toMatch(/auth_account_lockouts_total [1-9]/);
      expect(metrics).toMatch(/auth_logins_total\{outcome="locked"\} [1-9]/);
      expect(metrics).toMatch(/auth_logins_total\{outcome="rate_limited"\} [1-9]/);
    });

    it('logs the lockout with the account id, never the email or password', async () => {
      const lockLine = service.logs.find((line) => line.msg === 'account locked after repeated failed logins');
      expect(lockLine).toMatchObject({ level: 'warn', accountId: expect.stringMatching(/^[0-9a-f]{24}$/) });
      const text = JSON.stringify(service.logs);
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/locked-[0-9a-f]{8}@example\.com/);
    });
  });

  describe('stricter per-address limit on login, registration, refresh, password and token routes', () => {
    let service: TestService;
    const secret = 'a-service-client-secret-of-enough-length';

    beforeAll(async () => {
      service = await startUserService({
        TRUST_PROXY: '1',
        RATE_LIMIT_AUTH_MAX: '2',
        SERVICE_CLIENTS: JSON.stringify([
          { clientId: 'cart-service', secretSha256: createHash('sha256').update(secret).digest('hex') },
        ]),
      });
    });
    afterAll(async () => service.close());

    it.each([
      ['/api/v1/auth/login', { email: 'a@example.com', password: WRONG }],
      ['/api/v1/auth/register', { email: 'not an email', password: PASSWORD, displayName: 'x' }],
      ['/api/v1/auth/refresh', { refreshToken: 'C'.repeat(43) }],
      ['/internal/v1/auth/token', { grantType: 'client_credentials', clientId: 'cart-service', clientSecret: 'x' }],
    ])('%s: the third request from one address within the window is refused with 429', async (path, body) => {
      const address = freshAddress();
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await http(service.baseUrl, path, { method: 'POST', json: body, headers: address })).status);
      expect(statuses[0]).toBe(statuses[1]);
      expect(statuses[0]).not.toBe(429);
      expect(statuses[2]).toBe(429);
    });

    it('/api/v1/users/me/password: limited per address as well', async () => {
      const address = freshAddress();
      const client = new IdentityClient(service);
      const email = uniqueEmail('pw-limit');
      await http(service.baseUrl, '/api/v1/auth/register', {
        method: 'POST',
        json: { email, password: PASSWORD, displayName: 'x' },
        headers: address,
      });
      const login = await client.login(email, PASSWORD, address);
      expect(login.status).toBe(200); // the second strict request from this address
      const token = login.json.accessToken as string;
      const change = await http(service.baseUrl, '/api/v1/users/me/password', {
        method: 'POST',
        token,
        json: { currentPassword: WRONG, newPassword: 'another long passphrase' },
        headers: address,
      });
      expect(change.status).toBe(429);
    });
  });
});
