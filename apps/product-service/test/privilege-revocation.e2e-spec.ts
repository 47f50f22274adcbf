import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { RedisSessionRevocations } from '@app/auth';
import { http } from '../../../test/support/http';
import { TEST_AUDIENCE, TEST_ISSUER, testKeys } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { productBody, startProductService } from './product-test-kit';

// A real Redis, shared with user-service in every deployment: REDIS_URL or 127.0.0.1:6379 (fails without it).
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** An admin's access token as user-service signs it: bound to a session by `sid`. */
const adminToken = (sid: string) =>
  jwt.sign({ roles: ['admin'], sid }, testKeys.privateKey, {
    algorithm: 'ES256',
    subject: '65a0000000000000000000a1',
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    expiresIn: 300,
  });

/**
 * Issue 16, point 2, across services: once user-service revokes a session (logout, demotion, disabling...),
 * its still-valid admin token no longer changes the catalog, without waiting for the token to expire.
 */
describe('product-service: admin routes honour revoked sessions', () => {
  let service: TestService;
  let userService: RedisSessionRevocations; // writes the shared list as user-service does

  beforeAll(async () => {
    service = await startProductService({ REDIS_URL: redisUrl });
    userService = RedisSessionRevocations.connect(redisUrl);
    await new Promise((resolve) => setTimeout(resolve, 100)); // connected
  });
  afterAll(async () => {
    userService.close();
    await service.close();
  });

  const create = (token: string) =>
    http(service.baseUrl, '/api/v1/products', { method: 'POST', json: productBody(), token });

  it('refuses a revoked session’s admin token at once with 401 SESSION_REVOKED, other sessions unaffected', async () => {
    const [revoked, live] = [randomUUID(), randomUUID()];
    expect((await create(adminToken(revoked))).status).toBe(201);
    await userService.revoke([revoked], 60);
    const refused = await create(adminToken(revoked));
    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('SESSION_REVOKED');
    expect((await create(adminToken(live))).status).toBe(201);
  });
});
