import jwt from 'jsonwebtoken';
import { signTestToken } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, PASSWORD, startUserService, type TokenPair } from './support/identity-client';

const ADMIN_EMAIL = 'revocation-admin@example.com';
const ADMIN_PASSWORD = 'the revocation admin passphrase';
const NEW_PASSWORD = 'a brand new passphrase';

/**
 * Issue 16, point 2: an admin's access token stops opening admin routes the moment its privilege is taken
 * away (demotion, disabling, logout, password change, refresh-token reuse), not when it expires; admins
 * cannot change their own access; the last active admin stays.
 */
describe('user-service: privilege ends when it is revoked', () => {
  let service: TestService;
  let client: IdentityClient;
  let root: TokenPair;
  let rootId: string;

  beforeAll(async () => {
    service = await startUserService({ ADMIN_EMAIL, ADMIN_PASSWORD });
    client = new IdentityClient(service);
    root = await client.loginOk(ADMIN_EMAIL, ADMIN_PASSWORD);
    rootId = (jwt.decode(root.accessToken) as jwt.JwtPayload).sub!;
  });
  afterAll(async () => service.close());

  const as = (token: string, path: string, init: Parameters<IdentityClient['call']>[1] = {}) =>
    client.call(path, { ...init, token });
  const patch = (token: string, id: string, body: unknown) =>
    as(token, `/api/v1/users/${id}`, { method: 'PATCH', json: body });

  /** A second admin, logged in, with a still-valid access token. */
  async function anotherAdmin(label: string) {
    const customer = await client.newCustomer(label);
    expect((await patch(root.accessToken, customer.id, { roles: ['customer', 'admin'] })).status).toBe(200);
    const tokens = await client.loginOk(customer.email);
    expect((await as(tokens.accessToken, '/api/v1/users')).status).toBe(200);
    return { ...customer, tokens };
  }

  it('access tokens carry the session id the revocation list is keyed by', () => {
    expect((jwt.decode(root.accessToken) as jwt.JwtPayload).sid).toMatch(/^[0-9a-f]{24}$/);
  });

  it('a demoted admin’s unexpired token is refused on admin routes at once, and cannot re-promote itself', async () => {
    const mallory = await anotherAdmin('demoted');
    expect((await patch(root.accessToken, mallory.id, { roles: ['customer'] })).status).toBe(200);
    const list = await as(mallory.tokens.accessToken, '/api/v1/users');
    expect(list.status).toBe(401);
    expect(list.json.code).toBe('SESSION_REVOKED');
    expect(list.headers.get('www-authenticate')).toContain('invalid_token');
    const repromote = await patch(mallory.tokens.accessToken, mallory.id, { roles: ['customer', 'admin'] });
    expect(repromote.status).toBe(401);
    expect((await as(root.accessToken, `/api/v1/users/${mallory.id}`)).json.roles).toEqual(['customer']);
  });

  it('a disabled admin’s token can neither re-enable the account nor disable the other admins', async () => {
    const mallory = await anotherAdmin('disabled');
    expect((await patch(root.accessToken, mallory.id, { active: false })).status).toBe(200);
    expect((await patch(mallory.tokens.accessToken, mallory.id, { active: true })).json.code).toBe('SESSION_REVOKED');
    expect((await patch(mallory.tokens.accessToken, rootId, { active: false })).json.code).toBe('SESSION_REVOKED');
    expect((await as(root.accessToken, '/api/v1/users')).status).toBe(200);
  });

  it('logout ends that session’s access token on admin routes, and only that session', async () => {
    const admin = await anotherAdmin('logout');
    const otherSession = await client.loginOk(admin.email);
    expect((await client.logout(admin.tokens.refreshToken)).status).toBe(204);
    expect((await as(admin.tokens.accessToken, '/api/v1/users')).json.code).toBe('SESSION_REVOKED');
    expect((await as(otherSession.accessToken, '/api/v1/users')).status).toBe(200);
  });

  it('a password change ends the other sessions’ admin access, keeping the caller’s own', async () => {
    const admin = await anotherAdmin('password');
    const stolen = await client.loginOk(admin.email);
    const changed = await as(admin.tokens.accessToken, '/api/v1/users/me/password', {
      method: 'POST',
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(changed.status).toBe(204);
    expect((await as(stolen.accessToken, '/api/v1/users')).json.code).toBe('SESSION_REVOKED');
    expect((await as(admin.tokens.accessToken, '/api/v1/users')).status).toBe(200);
  });

  it('refresh-token reuse ends the session’s admin access for the thief and the holder alike', async () => {
    const admin = await anotherAdmin('reuse');
    const rotated = await client.refresh(admin.tokens.refreshToken);
    const fresh = rotated.json.accessToken as string;
    expect((await as(fresh, '/api/v1/users')).status).toBe(200);
    expect((await client.refresh(admin.tokens.refreshToken)).status).toBe(401); // the copy comes back
    expect((await as(fresh, '/api/v1/users')).json.code).toBe('SESSION_REVOKED');
    expect((await as(admin.tokens.accessToken, '/api/v1/users')).json.code).toBe('SESSION_REVOKED');
  });

  it('keeps the last active admin: a demotion or disabling that would leave none is refused with 409', async () => {
    const solo = await startUserService({ ADMIN_EMAIL: 'solo-admin@example.com', ADMIN_PASSWORD });
    try {
      const soloClient = new IdentityClient(solo);
      const only = await soloClient.loginOk('solo-admin@example.com', ADMIN_PASSWORD);
      const onlyId = (jwt.decode(only.accessToken) as jwt.JwtPayload).sub!;
      // An admin token whose account no longer exists (no session to check): the rule still holds.
      const orphan = signTestToken({ sub: '65a0000000000000000000ee', roles: ['admin'] });
      for (const body of [{ roles: ['customer'] }, { active: false }]) {
        const refused = await soloClient.call(`/api/v1/users/${onlyId}`, {
          method: 'PATCH',
          token: orphan,
          json: body,
        });
        expect(refused.status).toBe(409);
        expect(refused.json.code).toBe('LAST_ADMIN');
      }
      const still = await soloClient.call(`/api/v1/users/${onlyId}`, { token: only.accessToken });
      expect(still.json).toMatchObject({ roles: ['admin'], active: true });
    } finally {
      await solo.close();
    }
  });

  it('leaves an active admin when the last two demote each other at the same moment', async () => {
    const pair = await startUserService({ ADMIN_EMAIL: 'pair-admin@example.com', ADMIN_PASSWORD });
    try {
      const pairClient = new IdentityClient(pair);
      const first = await pairClient.loginOk('pair-admin@example.com', ADMIN_PASSWORD);
      const firstId = (jwt.decode(first.accessToken) as jwt.JwtPayload).sub!;
      const second = await pairClient.newCustomer('pair');
      const demote = (token: string, id: string) =>
        pairClient.call(`/api/v1/users/${id}`, { method: 'PATCH', token, json: { roles: ['customer'] } });
      expect(
        (
          await pairClient.call(`/api/v1/users/${second.id}`, {
            method: 'PATCH',
            token: first.accessToken,
            json: { roles: ['customer', 'admin'] },
          })
        ).status,
      ).toBe(200);
      const secondTokens = await pairClient.loginOk(second.email);
      const answers = await Promise.all([
        demote(first.accessToken, second.id),
        demote(secondTokens.accessToken, firstId),
      ]);
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(1);
      for (const answer of answers.filter((one) => one.status !== 200))
        expect(['LAST_ADMIN', 'SESSION_REVOKED']).toContain(answer.json.code);
      const survivor = statuses[0] === 200 || statuses[1] !== 200 ? 'pair-admin@example.com' : second.email;
      const password = survivor === second.email ? PASSWORD : ADMIN_PASSWORD;
      const fresh = await pairClient.loginOk(survivor, password);
      const admins = await pairClient.call('/api/v1/users?role=admin&active=true', { token: fresh.accessToken });
      expect(admins.status).toBe(200);
      // Both refused (each saw the other's change and undid its own) is as safe as one winning.
      expect(admins.json.total).toBeGreaterThanOrEqual(1);
    } finally {
      await pair.close();
    }
  });
});
