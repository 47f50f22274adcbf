import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AccessTokenVerifier } from '@app/auth';
import { http } from '../../../test/support/http';
import { signTestToken, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { databaseOf, IdentityClient, PASSWORD, startUserService, uniqueEmail } from './support/identity-client';

const verifier = new AccessTokenVerifier({
  publicKey: testKeys.publicKey,
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
});
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('user-service: login, refresh and logout', () => {
  let service: TestService;
  let client: IdentityClient;

  beforeAll(async () => {
    service = await startUserService();
    client = new IdentityClient(service);
  });
  afterAll(async () => service.close());

  describe('POST /api/v1/auth/login', () => {
    it('returns an access and a refresh token, not cacheable', async () => {
      const email = uniqueEmail('login');
      const id = (await client.register(email)).json.id as string;
      const result = await client.login(email);
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(result.json).sort()).toEqual(['accessToken', 'expiresIn', 'refreshToken', 'tokenType']);
      expect(result.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(result.json.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(verifier.verify(result.json.accessToken as string)).toEqual({ id, roles: ['customer'] });
    });

    it('signs the contract claims with the kid of the published key', async () => {
      const { tokens, id } = await client.newCustomer('claims');
      const decoded = jwt.decode(tokens.accessToken, { complete: true })!;
      const jwks = await client.call('/.well-known/jwks.json');
      const keys = jwks.json.keys as { kid: string }[];
      expect(decoded.header).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: keys[0].kid });
      const claims = decoded.payload as jwt.JwtPayload;
      expect(claims).toMatchObject({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: id, roles: ['customer'] });
      expect(claims.exp! - claims.iat!).toBe(900);
      expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.sid).toMatch(/^[0-9a-f]{24}$/);
    });

    it('accepts the email in any case and with spaces', async () => {
      const email = uniqueEmail('case');
      await client.register(email);
      expect((await client.login(` ${email.toUpperCase()} `)).status).toBe(200);
    });

    it('answers an unknown email and a wrong password with the same 401', async () => {
      const email = uniqueEmail('generic');
      await client.register(email);
      const unknown = await client.login(uniqueEmail('nobody'));
      const wrong = await client.login(email, 'wrong horse battery staple');
      for (const result of [unknown, wrong]) {
        expect(result.status).toBe(401);
        expect(result.json.code).toBe('INVALID_CREDENTIALS');
      }
      const comparable = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
      expect(comparable(unknown.json)).toEqual(comparable(wrong.json));
      expect(unknown.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
    });

    it('never lets a password over 72 bytes match, even when its first 72 bytes are right', async () => {
      const email = uniqueEmail('truncate');
      const password = 'abcd1234'.repeat(9); // exactly 72 bytes
      expect((await client.register(email, password)).status).toBe(201);
      expect((await client.login(email, password)).status).toBe(200);
      expect((await client.login(email, `${password}-anything`)).status).toBe(401);
    });

    it.each([
      ['no password', { email: 'a@b.co' }],
      ['an operator as email', { email: { $ne: null }, password: PASSWORD }],
      ['an unknown field', { email: 'a@b.co', password: PASSWORD, remember: true }],
      ['an empty password', { email: 'a@b.co', password: '' }],
    ])('rejects a body with %s with 400', async (_label, body) => {
      const result = await client.call('/api/v1/auth/login', { method: 'POST', json: body });
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates: a new pair each time, and the new access token works', async () => {
      const { tokens, id } = await client.newCustomer('rotate');
      const first = await client.refresh(tokens.refreshToken);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe('no-store');
      expect(first.json.refreshToken).not.toBe(tokens.refreshToken);
      const second = await client.refresh(first.json.refreshToken as string);
      expect(second.status).toBe(200);
      expect((await client.me(second.json.accessToken as string)).json.id).toBe(id);
      // The session keeps its id across rotations.
      const sid = (token: unknown) => (jwt.decode(token as string) as jwt.JwtPayload).sid as string;
      expect(sid(second.json.accessToken)).toBe(sid(tokens.accessToken));
    });

    it('revokes the whole family when a rotated token is presented again, leaving other sessions alone', async () => {
      const { email, tokens } = await client.newCustomer('reuse');
      const otherSession = await client.loginOk(email);
      const rotated = await client.refresh(tokens.refreshToken);
      expect(rotated.status).toBe(200);
      const replay = await client.refresh(tokens.refreshToken); // a thief replays the old token
      expect(replay.status).toBe(401);
      expect(replay.json.code).toBe('REFRESH_TOKEN_INVALID');
      // The legitimate holder of the newer token is out too: the family is revoked.
      expect((await client.refresh(rotated.json.refreshToken as string)).json.code).toBe('REFRESH_TOKEN_INVALID');
      expect((await client.refresh(otherSession.refreshToken)).status).toBe(200);
    });

    it('lets exactly one of several concurrent refreshes of one token win, then revokes the family', async () => {
      const { tokens } = await client.newCustomer('race');
      const results = await Promise.all(Array.from({ length: 5 }, () => client.refresh(tokens.refreshToken)));
      const winners = results.filter((result) => result.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.status === 401)).toHaveLength(4);
      expect((await client.refresh(winners[0].json.refreshToken as string)).status).toBe(401);
    });

    it('turns an expired access token into a TOKEN_EXPIRED 401, and a refresh gets a working one', async () => {
      const { id, tokens } = await client.newCustomer('expired');
      const expired = signTestToken({ sub: id, expiresInSeconds: -60 });
      const refused = await client.me(expired);
      expect(refused.status).toBe(401);
      expect(refused.json.code).toBe('TOKEN_EXPIRED');
      expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
      const refreshed = await client.refresh(tokens.refreshToken);
      expect((await client.me(refreshed.json.accessToken as string)).status).toBe(200);
    });

    it('stores refresh tokens only as SHA-256 hashes, with a TTL index that expires them', async () => {
      const { tokens } = await client.newCustomer('stored');
      const sessions = databaseOf(service).collection('refresh_sessions');
      const stored = await sessions.findOne({ tokenHash: sha256(tokens.refreshToken) });
      expect(stored).not.toBeNull();
      expect(JSON.stringify(await sessions.find().toArray())).not.toContain(tokens.refreshToken);
      const indexes = await sessions.listIndexes().toArray();
      expect(indexes).toEqual(
        expect.arrayContaining([expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 })]),
      );
    });

    it('refuses a session past its expiry even before the TTL sweep removed it', async () => {
      const { tokens } = await client.newCustomer('past');
      await databaseOf(service)
        .collection('refresh_sessions')
        .updateOne({ tokenHash: sha256(tokens.refreshToken) }, { $set: { expiresAt: new Date(Date.now() + 1500) } });
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await client.refresh(tokens.refreshToken)).json.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('answers an unknown token with 401 and a malformed one with 400', async () => {
      expect((await client.refresh('A'.repeat(43))).json.code).toBe('REFRESH_TOKEN_INVALID');
      const malformed = await client.refresh('not a token!');
      expect(malformed.status).toBe(400);
      expect(malformed.json.code).toBe('VALIDATION_FAILED');
      const missing = await client.call('/api/v1/auth/refresh', { method: 'POST', json: {} });
      expect(missing.status).toBe(400);
    });
  });

  describe('POST /api/v1/auth/logout', () => {
    it('revokes the session: its refresh token no longer works', async () => {
      const { tokens } = await client.newCustomer('logout');
      const result = await client.logout(tokens.refreshToken);
      expect(result.status).toBe(204);
      expect(result.text).toBe('');
      expect((await client.refresh(tokens.refreshToken)).json.code).toBe('REFRESH_TOKEN_INVALID');
    });

    it('revokes the family also when given an earlier (rotated) token of it', async () => {
      const { tokens } = await client.newCustomer('logout-old');
      const rotated = await client.refresh(tokens.refreshToken);
      expect((await client.logout(tokens.refreshToken)).status).toBe(204);
      expect((await client.refresh(rotated.json.refreshToken as string)).status).toBe(401);
    });

    it('answers 204 for unknown tokens (no oracle) and 400 for malformed ones', async () => {
      expect((await client.logout('B'.repeat(43))).status).toBe(204);
      expect((await client.logout('x')).status).toBe(400);
    });
  });

  it('counts logins and refreshes by outcome in /metrics', async () => {
    const metrics = (await http(service.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/auth_logins_total\{outcome="success"\} [1-9]/);
    expect(metrics).toMatch(/auth_logins_total\{outcome="unknown_email"\} [1-9]/);
    expect(metrics).toMatch(/auth_logins_total\{outcome="wrong_password"\} [1-9]/);
    expect(metrics).toMatch(/auth_registrations_total\{outcome="created"\} [1-9]/);
    expect(metrics).toMatch(/auth_token_refreshes_total\{outcome="reused"\} [1-9]/);
  });

  it('never shows a password hash, a refresh token or its hash in a response or a log line', async () => {
    const users = await databaseOf(service).collection('users').find().toArray();
    const passwordHashes = users.map((user) => user.passwordHash as string);
    expect(passwordHashes.length).toBeGreaterThan(10);
    const refreshTokens = client.refreshTokens;
    expect(refreshTokens.length).toBeGreaterThan(10);
    const logs = JSON.stringify(service.logs);
    const secrets = [...passwordHashes, ...refreshTokens.map(sha256), PASSWORD];
    for (const secret of secrets) expect(logs).not.toContain(secret);
    for (const token of refreshTokens) expect(logs).not.toContain(token);
    const bodies = client.bodies.join('\n');
    for (const secret of secrets) expect(bodies).not.toContain(secret);
    expect(bodies).not.toMatch(/\$2[aby]\$/);
    expect(bodies).not.toMatch(/passwordHash|tokenHash|failedLoginCount|lockedUntil/);
  });
});
