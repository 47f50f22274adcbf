import { signTestToken } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, PASSWORD, startUserService } from './support/identity-client';

const NEW_PASSWORD = 'a brand new passphrase';

describe('user-service: the caller’s own account', () => {
  let service: TestService;
  let client: IdentityClient;

  beforeAll(async () => {
    service = await startUserService();
    client = new IdentityClient(service);
  });
  afterAll(async () => service.close());

  const as = (token: string, path: string, init: Parameters<IdentityClient['call']>[1] = {}) =>
    client.call(path, { ...init, token });

  describe('GET /api/v1/users/me', () => {
    it('shows the caller their own account', async () => {
      const { id, email, tokens } = await client.newCustomer('me');
      const result = await client.me(tokens.accessToken);
      expect(result.status).toBe(200);
      expect(result.json).toMatchObject({ id, email, roles: ['customer'], active: true });
      expect(result.json.lastLoginAt).toEqual(expect.any(String));
    });

    it('needs a token, refuses service tokens, and 404s for an account that does not exist', async () => {
      expect((await client.call('/api/v1/users/me')).json.code).toBe('AUTHENTICATION_REQUIRED');
      const serviceToken = signTestToken({ sub: 'cart-service', roles: ['service'] });
      const calls: [string, string, unknown][] = [
        ['GET', '/api/v1/users/me', undefined],
        ['PATCH', '/api/v1/users/me', { displayName: 'A service' }],
        ['POST', '/api/v1/users/me/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }],
      ];
      for (const [method, path, json] of calls) {
        const result = await client.call(path, { method, json, token: serviceToken });
        expect([path, result.status, result.json.code]).toEqual([path, 403, 'FORBIDDEN']);
      }
      const ghost = await client.me(signTestToken({ sub: '65a0000000000000000000ff' }));
      expect(ghost.status).toBe(404);
      expect(ghost.json.code).toBe('USER_NOT_FOUND');
    });
  });

  describe('PATCH /api/v1/users/me', () => {
    it('changes the display name', async () => {
      const { tokens } = await client.newCustomer('rename');
      const result = await as(tokens.accessToken, '/api/v1/users/me', {
        method: 'PATCH',
        json: { displayName: ' Ada King ' },
      });
      expect(result.status).toBe(200);
      expect(result.json.displayName).toBe('Ada King');
      expect((await client.me(tokens.accessToken)).json.displayName).toBe('Ada King');
    });

    it.each([
      ['an email', { email: 'other@example.com' }],
      ['roles', { roles: ['admin'] }],
      ['the status', { active: false }],
      ['a password', { password: NEW_PASSWORD }],
      ['an empty body', {}],
      ['an empty display name', { displayName: '' }],
      ['a null display name', { displayName: null }],
      ['a display name that is not a string', { displayName: 42 }],
      ['a display name over 100 characters', { displayName: 'x'.repeat(101) }],
    ])('rejects %s with 400 and changes nothing', async (_label, body) => {
      const { tokens } = await client.newCustomer('patch');
      const before = (await client.me(tokens.accessToken)).json;
      const result = await as(tokens.accessToken, '/api/v1/users/me', { method: 'PATCH', json: body });
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      expect((await client.me(tokens.accessToken)).json).toEqual(before);
    });
  });

  describe('POST /api/v1/users/me/password', () => {
    const change = (token: string, body: Record<string, unknown>) =>
      as(token, '/api/v1/users/me/password', { method: 'POST', json: body });

    it('needs the current password, then keeps the caller’s session and ends the others', async () => {
      const { email, tokens: mine } = await client.newCustomer('password');
      const other = await client.loginOk(email);
      const result = await change(mine.accessToken, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expect(result.status).toBe(204);
      expect((await client.refresh(other.refreshToken)).json.code).toBe('REFRESH_TOKEN_INVALID');
      expect((await client.refresh(mine.refreshToken)).status).toBe(200);
      expect((await client.login(email, PASSWORD)).status).toBe(401);
      expect((await client.login(email, NEW_PASSWORD)).status).toBe(200);
    });

    it('refuses a wrong current password with 403 and changes nothing', async () => {
      const { email, tokens } = await client.newCustomer('wrong-current');
      const result = await change(tokens.accessToken, {
        currentPassword: 'not my password',
        newPassword: NEW_PASSWORD,
      });
      expect(result.status).toBe(403);
      expect(result.json.code).toBe('CURRENT_PASSWORD_INCORRECT');
      expect((await client.login(email, PASSWORD)).status).toBe(200);
    });

    it.each([
      ['a short new password', { newPassword: 'too-short' }],
      ['a new password over 72 bytes', { newPassword: 'ü'.repeat(37) }],
      ['the same password again', { newPassword: PASSWORD }],
      ['no current password', { currentPassword: undefined }],
      ['an unknown field', { confirm: NEW_PASSWORD }],
    ])('rejects %s with 400', async (_label, change_) => {
      const { email, tokens } = await client.newCustomer('bad-change');
      const body = { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, ...change_ };
      const result = await change(tokens.accessToken, body);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      expect((await client.login(email, PASSWORD)).status).toBe(200);
    });

    it('rejects a new password containing the account’s email', async () => {
      const { email, tokens } = await client.newCustomer('contains');
      const result = await change(tokens.accessToken, { currentPassword: PASSWORD, newPassword: `x-${email}-x` });
      expect(result.status).toBe(400);
      expect(result.json.errors).toEqual([
        { field: 'newPassword', messages: ['newPassword must not contain the email address'] },
      ]);
    });

    it('needs a token', async () => {
      const result = await client.call('/api/v1/users/me/password', {
        method: 'POST',
        json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      });
      expect(result.status).toBe(401);
    });
  });
});
