import { createHash, randomBytes } from 'node:crypto';
import { ServiceTokenProvider } from '@app/http-client';
import { signTestToken } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { IdentityClient, startUserService } from './support/identity-client';

const notificationSecret = randomBytes(32).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const UNKNOWN_ID = '65a0000000000000000000ff';

describe('user-service: GET /internal/v1/users/:id/contact (for notification-service)', () => {
  let service: TestService;
  let client: IdentityClient;
  let serviceToken: string;
  const admin = signTestToken({ sub: randomBytes(12).toString('hex'), roles: ['admin'] });

  beforeAll(async () => {
    service = await startUserService({
      SERVICE_CLIENTS: JSON.stringify([{ clientId: 'notification-service', secretSha256: sha256(notificationSecret) }]),
    });
    client = new IdentityClient(service);
    // The token exactly as notification-service gets it: the client-credentials grant through libs/http-client.
    serviceToken = await new ServiceTokenProvider(
      {
        id: 'notification-service',
        secret: notificationSecret,
        tokenUrl: `${service.baseUrl}/internal/v1/auth/token`,
      },
      2_000,
    ).token();
  });
  afterAll(async () => service.close());

  const contact = (id: string, token: string) => client.call(`/internal/v1/users/${id}/contact`, { token });

  it('answers a service token with the shopper’s email and display name, and nothing else', async () => {
    const shopper = await client.newCustomer('contact');
    const result = await contact(shopper.id, serviceToken);
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ email: shopper.email, name: 'Test Shopper' });
  });

  it('refuses a shopper’s token, even for their own account, an admin’s and another service’s, with 403 FORBIDDEN', async () => {
    const shopper = await client.newCustomer('contact-self');
    // cart-service's kind of token: a service, but without users:contact.
    const catalogReader = signTestToken({ sub: 'cart-service', roles: ['service'], scope: 'products:read' });
    for (const token of [shopper.tokens.accessToken, admin, catalogReader]) {
      const result = await contact(shopper.id, token);
      expect(result.status).toBe(403);
      expect(result.json.code).toBe('FORBIDDEN');
      expect(result.text).not.toContain(shopper.email);
    }
  });

  it('refuses a request without a token with 401', async () => {
    const shopper = await client.newCustomer('contact-anonymous');
    const result = await client.call(`/internal/v1/users/${shopper.id}/contact`);
    expect(result.status).toBe(401);
    expect(result.json.code).toBe('AUTHENTICATION_REQUIRED');
  });

  it('answers an unknown id and a disabled account alike with 404 USER_NOT_FOUND: they are not mailed', async () => {
    const shopper = await client.newCustomer('contact-disabled');
    const disabled = await client.call(`/api/v1/users/${shopper.id}`, {
      method: 'PATCH',
      token: admin,
      json: { active: false },
    });
    expect(disabled.status).toBe(200);
    for (const id of [UNKNOWN_ID, shopper.id]) {
      const result = await contact(id, serviceToken);
      expect(result.status).toBe(404);
      expect(result.headers.get('content-type')).toContain('application/problem+json');
      expect(result.json.code).toBe('USER_NOT_FOUND');
    }
    const enabled = await client.call(`/api/v1/users/${shopper.id}`, {
      method: 'PATCH',
      token: admin,
      json: { active: true },
    });
    expect(enabled.status).toBe(200);
    expect((await contact(shopper.id, serviceToken)).json).toEqual({ email: shopper.email, name: 'Test Shopper' });
  });

  it('answers a malformed id with 400 VALIDATION_FAILED', async () => {
    for (const id of ['not-an-id', '65a0000000000000000000a', encodeURIComponent('{"$ne":null}')]) {
      const result = await contact(id, serviceToken);
      expect(result.status).toBe(400);
      expect(result.json.code).toBe('VALIDATION_FAILED');
    }
  });
});
