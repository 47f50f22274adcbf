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
  /** Client addresses (one trusted proxy hop), so a test can play attacker and owner from different places. */
  const from = (address: string) => ({ 'x-forwarded-for': address });
  const statusesOf = async (results: Promise<{ status: number }>[]) =>
    (await Promise.all(results)).map((r) => r.status);

  describe('throttling per account and address, never locking the owner out', () => {
    let service: TestService;
    let client: IdentityClient;

    beforeAll(async () => {
      service = await startUserService({
        TRUST_PROXY: '1',
        LOGIN_FREE_FAILURES: '3',
        LOGIN_DELAY_BASE_SECONDS: '1',
        LOGIN_IP_MAX_FAILURES: '8',
        LOGIN_ATTACK_DISTINCT_IPS: '4',
        LOGIN_ATTACK_LOCK_SECONDS: '2',
        ADMIN_EMAIL: 'lock-admin@example.com',
        ADMIN_PASSWORD: 'the lockout admin passphrase',
      });
      client = new IdentityClient(service);
    });
    afterAll(async () => service.close());

    it("an attacker's wrong passwords from one address slow that address only: the owner elsewhere logs in", async () => {
      const email = uniqueEmail('victim');
      await client.register(email);
      const attacker = from('10.66.0.1');
      const tries: number[] = [];
      for (let i = 0; i < 6; i += 1) tries.push((await client.login(email, WRONG, attacker)).status);
      expect(tries).toEqual([401, 401, 401, 429, 429, 429]);
      const refused = await client.login(email, PASSWORD, attacker); // even the right password: no guess is tested
      expect(refused.status).toBe(429);
      expect(refused.json.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await client.login(email, PASSWORD, from('10.66.0.2'))).status).toBe(200);
    });

    it('makes each further guess from that address wait twice as long', async () => {
      const email = uniqueEmail('doubling');
      await client.register(email);
      const attacker = from('10.67.0.1');
      for (let i = 0; i < 3; i += 1) await client.login(email, WRONG, attacker);
      expect((await client.login(email, WRONG, attacker)).headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await client.login(email, WRONG, attacker)).status).toBe(401); // the fourth guess, after waiting
      expect((await client.login(email, WRONG, attacker)).headers.get('retry-after')).toBe('2');
    });

    it('caps failures from one address across accounts (credential stuffing), not other addresses', async () => {
      const stuffer = from('10.68.0.1');
      const failures = await statusesOf(
        Array.from({ length: 8 }, (_unused, i) => client.login(uniqueEmail(`stuffed-${i}`), WRONG, stuffer)),
      );
      expect(failures).toEqual(Array(8).fill(401));
      const owner = await client.newCustomer('stuffing-bystander');
      expect((await client.login(owner.email, PASSWORD, stuffer)).status).toBe(429);
      expect((await client.login(owner.email, PASSWORD, from('10.68.0.2'))).status).toBe(200);
    });

    it('locks an account only on a distributed attack, tells admins, and lifts it by itself or by an admin', async () => {
      const { id, email } = await client.newCustomer('distributed');
      for (let i = 1; i <= 4; i += 1) expect((await client.login(email, WRONG, from(`10.69.0.${i}`))).status).toBe(401);
      // Under attack from many places: even the owner's right password is refused, like a wrong one.
      const owner = await client.login(email, PASSWORD, from('10.69.1.1'));
      const wrong = await client.login(uniqueEmail('nobody'), WRONG, from('10.69.1.2'));
      expect(owner.status).toBe(401);
      expect({ ...owner.json, requestId: 0, instance: 0 }).toEqual({ ...wrong.json, requestId: 0, instance: 0 });
      const line = service.logs.find((entry) => entry.msg === 'account_under_attack' && entry.accountId === id);
      expect(line).toMatchObject({ level: 'warn', distinctAddresses: 4 });
      const admin = await client.loginOk('lock-admin@example.com', 'the lockout admin passphrase');
      const seen = await client.call(`/api/v1/users/${id}`, { token: admin.accessToken });
      expect(Date.parse(seen.json.lockedUntil as string)).toBeGreaterThan(Date.now());
      const lifted = await client.call(`/api/v1/users/${id}`, {
        method: 'PATCH',
        token: admin.accessToken,
        json: { active: true },
      });
      expect(lifted.json.active).toBe(true);
      expect((await client.login(email, PASSWORD, from('10.69.1.1'))).status).toBe(200);
      expect((await client.call(`/api/v1/users/${id}`, { token: admin.accessToken })).json.lockedUntil).toBeNull();

      const other = await client.newCustomer('self-clearing');
      for (let i = 1; i <= 4; i += 1) await client.login(other.email, WRONG, from(`10.70.0.${i}`));
      expect((await client.login(other.email, PASSWORD, from('10.70.1.1'))).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await client.login(other.email, PASSWORD, from('10.70.1.1'))).status).toBe(200);
    });

    it('spends one bcrypt verification at the configured cost for an unknown email too', async () => {
      const email = uniqueEmail('timing');
      await client.register(email);
      const compare = jest.spyOn(service.app.get(BcryptRunner), 'compare');
      try {
        await client.login(uniqueEmail('ghost'), WRONG, from('10.71.0.1'));
        await client.login(email, WRONG, from('10.71.0.1'));
        expect(compare).toHaveBeenCalledTimes(2);
        const costs = compare.mock.calls.map(([, hash]) => bcrypt.getRounds(hash));
        expect(costs).toEqual([4, 4]);
      } finally {
        compare.mockRestore();
      }
    });

    it('counts attacks and refused logins in /metrics', async () => {
      const metrics = (await http(service.baseUrl, '/metrics')).text;
      expect(metrics).toMatch(/auth_accounts_under_attack_total [1-9]/);
      expect(metrics).toMatch(/auth_logins_total\{outcome="locked"\} [1-9]/);
      expect(metrics).toMatch(/auth_logins_total\{outcome="rate_limited"\} [1-9]/);
    });

    it('logs the attack with the account id, never the email or password', async () => {
      const text = JSON.stringify(service.logs);
      expect(text).not.toContain(WRONG);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toMatch(/distributed-[0-9a-f]{8}@example\.com/);
    });
  });

  describe('failure counts decay', () => {
    let service: TestService;
    let client: IdentityClient;

    beforeAll(async () => {
      service = await startUserService({
        TRUST_PROXY: '1',
        LOGIN_FREE_FAILURES: '3',
        LOGIN_DELAY_BASE_SECONDS: '60',
        LOGIN_FAILURE_HALF_LIFE_SECONDS: '1',
      });
      client = new IdentityClient(service);
    });
    afterAll(async () => service.close());

    it('lets the same address in again once its failures have faded, without anyone resetting them', async () => {
      const { email } = await client.newCustomer('decay');
      const place = from('10.72.0.1');
      for (let i = 0; i < 3; i += 1) await client.login(email, WRONG, place);
      expect((await client.login(email, PASSWORD, place)).status).toBe(429);
      // Three failures halve every second: after 2.5 s they weigh about 0.5, under the three free ones.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect((await client.login(email, PASSWORD, place)).status).toBe(200);
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
