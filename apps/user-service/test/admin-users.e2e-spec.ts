import jwt from 'jsonwebtoken';
import { signTestToken } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, PASSWORD, startUserService, type TokenPair, uniqueEmail } from './support/identity-client';

const ADMIN_EMAIL = 'first-admin@example.com';
const ADMIN_PASSWORD = 'the first admin passphrase';

describe('user-service: account administration', () => {
  let service: TestService;
  let client: IdentityClient;
  let admin: TokenPair;
  let adminId: string;

  beforeAll(async () => {
    service = await startUserService({ ADMIN_EMAIL, ADMIN_PASSWORD });
    client = new IdentityClient(service);
    admin = await client.loginOk(ADMIN_EMAIL, ADMIN_PASSWORD);
    adminId = (jwt.decode(admin.accessToken) as jwt.JwtPayload).sub!;
  });
  afterAll(async () => service.close());

  const as = (token: string, path: string, init: Parameters<IdentityClient['call']>[1] = {}) =>
    client.call(path, { ...init, token });

  describe('admin: GET /api/v1/users', () => {
    let label: string;
    beforeAll(async () => {
      label = `search${Date.now().toString(36)}`;
      for (let i = 0; i < 3; i += 1) await client.register(uniqueEmail(`${label}-${i}`));
      await client.register(uniqueEmail('displayname'), PASSWORD, { displayName: `Grace ${label.toUpperCase()}` });
    });

    it('lists accounts newest first with the total, page by page', async () => {
      const first = await as(admin.accessToken, `/api/v1/users?q=${label}&pageSize=2`);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ page: 1, pageSize: 2, total: 4 });
      const second = await as(admin.accessToken, `/api/v1/users?q=${label}&pageSize=2&page=2`);
      const emails = [...(first.json.items as { email: string }[]), ...(second.json.items as { email: string }[])];
      expect(emails).toHaveLength(4);
      expect(new Set(emails.map((user) => user.email)).size).toBe(4);
      expect(emails[0].email).toContain('displayname'); // registered last
      expect(JSON.stringify(first.json)).not.toMatch(/passwordHash|\$2[aby]\$/);
    });

    it('searches email and display name case-insensitively, and treats the text literally', async () => {
      const byName = await as(admin.accessToken, `/api/v1/users?q=grace%20${label}`);
      expect(byName.json.total).toBe(1);
      const literal = await as(admin.accessToken, `/api/v1/users?q=${encodeURIComponent('.*')}`);
      expect(literal.json.total).toBe(0);
    });

    it('filters by role and status', async () => {
      const admins = await as(admin.accessToken, '/api/v1/users?role=admin');
      expect((admins.json.items as { roles: string[] }[]).every((user) => user.roles.includes('admin'))).toBe(true);
      expect(admins.json.total).toBeGreaterThanOrEqual(1);
      const inactive = await as(admin.accessToken, `/api/v1/users?active=false&q=${label}`);
      expect(inactive.json.total).toBe(0);
    });

    it('reads the status as true/false or 1/0, like every service’s query booleans', async () => {
      const { id } = await client.newCustomer(`${label}-off`);
      expect(
        (await as(admin.accessToken, `/api/v1/users/${id}`, { method: 'PATCH', json: { active: false } })).status,
      ).toBe(200);
      const totals = async (query: string) =>
        (await as(admin.accessToken, `/api/v1/users?q=${label}&${query}`)).json.total;
      expect(await totals('active=0')).toBe(1);
      expect(await totals('active=false')).toBe(1);
      expect(await totals('active=1')).toBe(4);
      expect(await totals('active=true')).toBe(4);
    });

    it.each([
      ['a page size over 100', '?pageSize=101'],
      ['a page size of 0', '?pageSize=0'],
      ['page 0', '?page=0'],
      ['a non-numeric page', '?page=two'],
      ['a hexadecimal page', '?page=0x10'],
      ['a page size in exponent form', '?pageSize=1e1'],
      ['an unknown role', '?role=superuser'],
      ['a non-boolean status', '?active=maybe'],
      ['an operator', '?q[$ne]=x'],
      ['an unknown parameter', '?sort=email'],
      ['a search over 100 characters', `?q=${'x'.repeat(101)}`],
    ])('rejects %s with 400', async (_label, query) => {
      const result = await as(admin.accessToken, `/api/v1/users${query}`);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
    });

    it('is for admins only', async () => {
      const { tokens } = await client.newCustomer('nosy');
      expect((await as(tokens.accessToken, '/api/v1/users')).json.code).toBe('FORBIDDEN');
      expect((await client.call('/api/v1/users')).json.code).toBe('AUTHENTICATION_REQUIRED');
      const service = signTestToken({ sub: 'order-service', roles: ['service'] });
      expect((await as(service, '/api/v1/users')).status).toBe(403);
    });
  });

  describe('admin: GET and PATCH /api/v1/users/:id', () => {
    const patch = (token: string, id: string, body: unknown) =>
      as(token, `/api/v1/users/${id}`, { method: 'PATCH', json: body });

    it('shows one account, 404 for unknown ids and 400 for malformed ones', async () => {
      const { id } = await client.newCustomer('one');
      expect((await as(admin.accessToken, `/api/v1/users/${id}`)).json.id).toBe(id);
      expect((await as(admin.accessToken, '/api/v1/users/65a0000000000000000000ff')).json.code).toBe('USER_NOT_FOUND');
      expect((await as(admin.accessToken, '/api/v1/users/not-an-id')).status).toBe(400);
    });

    it('grants the admin role, effective at the next refresh', async () => {
      const { id, tokens } = await client.newCustomer('promoted');
      const result = await patch(admin.accessToken, id, { roles: ['customer', 'admin'] });
      expect(result.status).toBe(200);
      expect(result.json.roles).toEqual(['customer', 'admin']);
      const refreshed = await client.refresh(tokens.refreshToken);
      const roles = (jwt.decode(refreshed.json.accessToken as string) as jwt.JwtPayload).roles as string[];
      expect(roles).toEqual(['customer', 'admin']);
      expect((await as(refreshed.json.accessToken as string, '/api/v1/users')).status).toBe(200);
    });

    it('disables an account: no login, no refresh, no profile; enabling restores login', async () => {
      const { id, email, tokens } = await client.newCustomer('disabled');
      expect((await patch(admin.accessToken, id, { active: false })).json.active).toBe(false);
      const login = await client.login(email);
      expect(login.status).toBe(403);
      expect(login.json.code).toBe('ACCOUNT_DISABLED');
      expect((await client.login(email, 'a wrong password!')).json.code).toBe('INVALID_CREDENTIALS');
      expect((await client.refresh(tokens.refreshToken)).json.code).toBe('REFRESH_TOKEN_INVALID');
      expect((await client.me(tokens.accessToken)).json.code).toBe('ACCOUNT_DISABLED');
      expect((await patch(admin.accessToken, id, { active: true })).json.active).toBe(true);
      expect((await client.login(email)).status).toBe(200);
      expect((await client.refresh(tokens.refreshToken)).status).toBe(401); // old sessions stay ended
    });

    it('refuses any change of an admin’s own roles or status, even one that keeps the admin role', async () => {
      for (const body of [
        { active: false },
        { roles: ['customer'] },
        { roles: ['admin', 'customer'] },
        { active: true },
      ]) {
        const result = await patch(admin.accessToken, adminId, body);
        expect(result.status).toBe(403);
        expect(result.json.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
      }
      expect((await as(admin.accessToken, `/api/v1/users/${adminId}`)).json).toMatchObject({ roles: ['admin'] });
    });

    it.each([
      ['the service role', { roles: ['service'] }],
      ['an unknown role', { roles: ['superuser'] }],
      ['no roles', { roles: [] }],
      ['duplicate roles', { roles: ['admin', 'admin'] }],
      ['roles that are not a list', { roles: 'admin' }],
      ['a non-boolean status', { active: 'no' }],
      ['null roles', { roles: null }],
      ['a null status', { active: null }],
      ['an unknown field', { email: 'x@example.com' }],
      ['an empty body', {}],
    ])('rejects %s with 400 and changes nothing', async (_label, body) => {
      const { id } = await client.newCustomer('bad-admin-patch');
      const result = await patch(admin.accessToken, id, body);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      expect((await as(admin.accessToken, `/api/v1/users/${id}`)).json).toMatchObject({
        roles: ['customer'],
        active: true,
      });
    });

    it('answers 404 for an unknown id, 400 for a malformed one, 403 for customers and services, 401 without a token', async () => {
      const { id, tokens } = await client.newCustomer('patch-guard');
      expect((await patch(admin.accessToken, '65a0000000000000000000ff', { active: false })).status).toBe(404);
      expect((await patch(admin.accessToken, 'nope', { active: false })).status).toBe(400);
      expect((await patch(tokens.accessToken, id, { roles: ['admin'] })).json.code).toBe('FORBIDDEN');
      expect((await as(tokens.accessToken, `/api/v1/users/${id}`)).json.code).toBe('FORBIDDEN');
      const serviceToken = signTestToken({ sub: 'order-service', roles: ['service'] });
      expect((await patch(serviceToken, id, { active: false })).json.code).toBe('FORBIDDEN');
      expect((await client.call(`/api/v1/users/${id}`, { method: 'PATCH', json: { active: false } })).status).toBe(401);
      expect((await as(admin.accessToken, `/api/v1/users/${id}`)).json.active).toBe(true);
    });
  });

  it('bootstraps exactly one first admin from ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const result = await as(admin.accessToken, `/api/v1/users/${adminId}`);
    expect(result.json).toMatchObject({ email: ADMIN_EMAIL, roles: expect.arrayContaining(['admin']), active: true });
    const search = await as(admin.accessToken, `/api/v1/users?q=${encodeURIComponent(ADMIN_EMAIL)}`);
    expect(search.json.total).toBe(1);
  });
});
