import { AccessTokenVerifier } from '@app/auth';
import { testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import { databaseOf, IdentityClient, PASSWORD, startUserService, uniqueEmail } from './support/identity-client';

const verifier = new AccessTokenVerifier({
  publicKey: testKeys.publicKey,
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
});

describe('user-service: registration', () => {
  let service: TestService;
  let client: IdentityClient;

  beforeAll(async () => {
    service = await startUserService();
    client = new IdentityClient(service);
  });
  afterAll(async () => service.close());

  describe('POST /api/v1/auth/register', () => {
    it('creates a customer with a normalized email and shows no credentials', async () => {
      const email = uniqueEmail('Ada');
      const result = await client.register(`  ${email.toUpperCase()} `, PASSWORD, { displayName: '  Ada Lovelace ' });
      expect(result.status).toBe(201);
      expect(Object.keys(result.json).sort()).toEqual(
        ['active', 'createdAt', 'displayName', 'email', 'id', 'lastLoginAt', 'roles', 'updatedAt'].sort(),
      );
      expect(result.json).toMatchObject({
        email: email.toLowerCase(),
        displayName: 'Ada Lovelace',
        roles: ['customer'],
        active: true,
        lastLoginAt: null,
      });
      expect(result.json.id).toMatch(/^[0-9a-f]{24}$/);
    });

    it('refuses a second account for the same email in another case with 409', async () => {
      const email = uniqueEmail('twice');
      expect((await client.register(email)).status).toBe(201);
      const again = await client.register(email.toUpperCase());
      expect(again.status).toBe(409);
      expect(again.json.code).toBe('EMAIL_ALREADY_REGISTERED');
    });

    it.each([
      ['role', { role: 'admin' }],
      ['roles', { roles: ['admin'] }],
      ['isAdmin', { isAdmin: true }],
      ['admin', { admin: true }],
      ['_id', { _id: '65a0000000000000000000aa' }],
      ['id', { id: '65a0000000000000000000aa' }],
      ['active', { active: false }],
    ])('rejects a body that tries to set %s, and no account is created', async (field, extra) => {
      const email = uniqueEmail('escalate');
      const result = await client.register(email, PASSWORD, extra);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      expect(result.json.errors).toEqual([{ field, messages: [`property ${field} should not exist`] }]);
      expect((await client.login(email)).status).toBe(401);
    });

    it('keeps an account that tried to escalate a customer, in its tokens too', async () => {
      const email = uniqueEmail('stays-customer');
      expect((await client.register(email, PASSWORD, { roles: ['admin'] })).status).toBe(400);
      expect((await client.register(email)).json.roles).toEqual(['customer']);
      const tokens = await client.loginOk(email);
      expect(verifier.verify(tokens.accessToken).roles).toEqual(['customer']);
      const patched = await client.call('/api/v1/users/me', {
        method: 'PATCH',
        token: tokens.accessToken,
        json: { roles: ['admin'] },
      });
      expect(patched.status).toBe(400);
      expect((await client.me(tokens.accessToken)).json.roles).toEqual(['customer']);
      const admins = await client.call('/api/v1/users', { token: tokens.accessToken });
      expect(admins.status).toBe(403);
    });

    const longUtf8 = 'éèêë'.repeat(10); // 40 characters, 80 bytes
    it.each([
      ['a missing email', { email: undefined }, 'email'],
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      ['an email object (operator)', { email: { $gt: '' } }, 'body.email.$gt'],
      ['a short password', { password: 'short-pw1' }, 'password'],
      ['a password over 72 bytes', { password: longUtf8 }, 'password'],
      ['a password of one repeated character', { password: 'x'.repeat(20) }, 'password'],
      ['a password containing the email', { password: 'EMAIL-and-more' }, 'password'],
      ['a numeric password', { password: 123456789012345 }, 'password'],
      ['an empty display name', { displayName: '   ' }, 'displayName'],
      ['a display name over 100 characters', { displayName: 'x'.repeat(101) }, 'displayName'],
      ['a display name with control characters', { displayName: 'Ada\u0000Lovelace' }, 'displayName'],
    ])('rejects %s with 400 naming the field', async (_label, change, field) => {
      const email = uniqueEmail('invalid');
      const body: Record<string, unknown> = { email, password: PASSWORD, displayName: 'Someone', ...change };
      if (body.password === 'EMAIL-and-more') body.password = `${email}-and-more`;
      const result = await client.call('/api/v1/auth/register', { method: 'POST', json: body });
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
      expect((result.json.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    });

    it('explains the 72-byte limit instead of truncating the password', async () => {
      const result = await client.register(uniqueEmail('long'), 'éèêë'.repeat(10));
      expect(result.json.errors).toEqual([
        {
          field: 'password',
          messages: ['password must be at most 72 bytes in UTF-8 (bcrypt ignores anything longer)'],
        },
      ]);
    });
  });

  it('counts registrations by outcome in /metrics', async () => {
    const metrics = (await http(service.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/auth_registrations_total\{outcome="created"\} [1-9]/);
    expect(metrics).toMatch(/auth_registrations_total\{outcome="email_taken"\} [1-9]/);
  });

  it('never answers or logs a password or its hash', async () => {
    const users = await databaseOf(service).collection('users').find().toArray();
    const secrets = [PASSWORD, ...users.map((user) => user.passwordHash as string)];
    const logs = JSON.stringify(service.logs);
    const bodies = client.bodies.join('\n');
    for (const secret of secrets) {
      expect(logs).not.toContain(secret);
      expect(bodies).not.toContain(secret);
    }
  });
});
