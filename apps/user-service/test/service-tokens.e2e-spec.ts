import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AccessTokenVerifier } from '@app/auth';
import { ServiceTokenProvider } from '@app/http-client';
import { http } from '../../../test/support/http';
import { foreignKeys, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { jwkThumbprint } from '../src/tokens/jwk';
import { IdentityClient, startUserService } from './support/identity-client';

const cartSecret = randomBytes(32).toString('base64url');
const orderSecret = randomBytes(32).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const verifier = new AccessTokenVerifier({
  publicKey: testKeys.publicKey,
  issuer: TEST_ISSUER,
  audience: TEST_AUDIENCE,
});

describe('user-service: service tokens and published keys', () => {
  let service: TestService;
  let client: IdentityClient;

  beforeAll(async () => {
    service = await startUserService({
      SERVICE_CLIENTS: JSON.stringify([
        { clientId: 'cart-service', secretSha256: sha256(cartSecret) },
        { clientId: 'order-service', secretSha256: sha256(orderSecret) },
      ]),
      JWT_PREVIOUS_PUBLIC_KEYS: foreignKeys.publicKey,
    });
    client = new IdentityClient(service);
  });
  afterAll(async () => service.close());

  const grant = (body: Record<string, unknown>) =>
    client.call('/internal/v1/auth/token', { method: 'POST', json: body });

  describe('POST /internal/v1/auth/token (client credentials)', () => {
    it('issues a service token that libs/auth accepts with role service, the client as subject and its scopes only', async () => {
      const result = await grant({
        grantType: 'client_credentials',
        clientId: 'cart-service',
        clientSecret: cartSecret,
      });
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('no-store');
      expect(Object.keys(result.json).sort()).toEqual(['accessToken', 'expiresIn', 'scope', 'tokenType']);
      expect(result.json).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, scope: 'products:read' });
      expect(verifier.verify(result.json.accessToken as string)).toEqual({
        id: 'cart-service',
        roles: ['service'],
        scopes: ['products:read'],
      });
      const claims = jwt.decode(result.json.accessToken as string) as jwt.JwtPayload;
      expect(claims).not.toHaveProperty('sid');
      expect(claims.jti).toEqual(expect.any(String));
    });

    it('works with the client side every service uses (libs/http-client ServiceTokenProvider)', async () => {
      const provider = new ServiceTokenProvider(
        { id: 'order-service', secret: orderSecret, tokenUrl: `${service.baseUrl}/internal/v1/auth/token` },
        2_000,
      );
      const token = await provider.token();
      expect(verifier.verify(token)).toEqual({
        id: 'order-service',
        roles: ['service'],
        scopes: ['stock:reserve', 'cart:clear'],
      });
      expect(await provider.token()).toBe(token); // cached
    });

    it('answers an unknown client and a wrong secret with the same 401 INVALID_CLIENT', async () => {
      const unknown = await grant({
        grantType: 'client_credentials',
        clientId: 'evil-service',
        clientSecret: cartSecret,
      });
      const wrong = await grant({
        grantType: 'client_credentials',
        clientId: 'cart-service',
        clientSecret: orderSecret,
      });
      for (const result of [unknown, wrong]) {
        expect(result.status).toBe(401);
        expect(result.json.code).toBe('INVALID_CLIENT');
      }
      expect({ ...unknown.json, requestId: 0 }).toEqual({ ...wrong.json, requestId: 0 });
    });

    it.each([
      ['another grant type', { grantType: 'password' }],
      ['no client id', { clientId: undefined }],
      ['an empty secret', { clientSecret: '' }],
      ['an unknown field', { scope: 'admin' }],
      ['an operator', { clientId: { $ne: null } }],
    ])('rejects %s with 400', async (_label, change) => {
      const body = { grantType: 'client_credentials', clientId: 'cart-service', clientSecret: cartSecret, ...change };
      const result = await grant(body);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
    });

    it('is internal: not served under the public prefix', async () => {
      const result = await client.call('/api/v1/internal/v1/auth/token', {
        method: 'POST',
        json: { grantType: 'client_credentials', clientId: 'cart-service', clientSecret: cartSecret },
      });
      expect(result.status).toBe(404);
    });

    it('counts grants per configured client, and never labels arbitrary client ids', async () => {
      const metrics = (await http(service.baseUrl, '/metrics')).text;
      expect(metrics).toMatch(/auth_service_tokens_total\{client="cart-service",outcome="issued"\} [1-9]/);
      expect(metrics).toMatch(/auth_service_tokens_total\{client="unknown",outcome="rejected"\} [1-9]/);
      expect(metrics).not.toContain('evil-service');
    });

    it('never logs a client secret', async () => {
      const logs = JSON.stringify(service.logs);
      for (const secret of [cartSecret, orderSecret, sha256(cartSecret), sha256(orderSecret)])
        expect(logs).not.toContain(secret);
    });
  });

  describe('GET /.well-known/jwks.json', () => {
    it('publishes the signing key (public part only) and the previous key, cacheable', async () => {
      const result = await client.call('/.well-known/jwks.json');
      expect(result.status).toBe(200);
      expect(result.headers.get('cache-control')).toBe('public, max-age=300');
      const keys = result.json.keys as Record<string, string>[];
      expect(keys).toHaveLength(2);
      for (const key of keys) {
        expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
        expect(key).not.toHaveProperty('d');
      }
      const current = createPublicKey({ key: keys[0], format: 'jwk' });
      expect(current.equals(createPublicKey(testKeys.publicKey))).toBe(true);
      const previous = createPublicKey({ key: keys[1], format: 'jwk' });
      expect(previous.equals(createPublicKey(foreignKeys.publicKey))).toBe(true);
      expect(keys[0].kid).toBe(jwkThumbprint(keys[0]));
    });

    it('lets a client verify a token with the key its kid names', async () => {
      const { tokens } = await client.newCustomer('jwks');
      const keys = (await client.call('/.well-known/jwks.json')).json.keys as Record<string, string>[];
      const { header } = jwt.decode(tokens.accessToken, { complete: true })!;
      const key = keys.find((candidate) => candidate.kid === header.kid)!;
      const claims = jwt.verify(tokens.accessToken, createPublicKey({ key, format: 'jwk' }), {
        algorithms: ['ES256'],
        issuer: TEST_ISSUER,
        audience: TEST_AUDIENCE,
      }) as jwt.JwtPayload;
      expect(claims.roles).toEqual(['customer']);
    });

    it('is public and outside the API prefix', async () => {
      expect((await client.call('/api/v1/.well-known/jwks.json')).status).toBe(404);
    });
  });
});
