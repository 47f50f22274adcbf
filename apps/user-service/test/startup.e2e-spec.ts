import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MongoClient } from 'mongodb';
import { foreignKeys } from '../../../test/support/keys';
import { type TestService } from '../../../test/support/test-service';
import { databaseOf, IdentityClient, PASSWORD, startUserService, uniqueEmail } from './support/identity-client';

const ADMIN_EMAIL = 'boot-admin@example.com';
const ADMIN_PASSWORD = 'the bootstrap admin passphrase';

describe('user-service: start-up', () => {
  it('refuses to start when its private key does not belong to JWT_PUBLIC_KEY', async () => {
    await expect(startUserService({ JWT_PRIVATE_KEY: foreignKeys.privateKey })).rejects.toThrow(
      'JWT_PRIVATE_KEY does not belong to JWT_PUBLIC_KEY',
    );
  });

  it('refuses to start without a private key, or with a plaintext service secret, naming the variable', async () => {
    await expect(startUserService({ JWT_PRIVATE_KEY: '' })).rejects.toThrow(
      'JWT_PRIVATE_KEY (or JWT_PRIVATE_KEY_FILE) is required',
    );
    const error = await startUserService({
      SERVICE_CLIENTS: JSON.stringify([{ clientId: 'cart-service', clientSecret: 'plain-secret-value' }]),
    }).catch((caught: Error) => caught);
    expect(String(error)).toContain('SERVICE_CLIENTS[0] has a plaintext clientSecret');
    expect(String(error)).not.toContain('plain-secret-value');
  });

  it('stores passwords with the configured bcrypt cost', async () => {
    const service = await startUserService({ BCRYPT_COST: '6' });
    try {
      const email = uniqueEmail('cost');
      expect((await new IdentityClient(service).register(email)).status).toBe(201);
      const stored = await databaseOf(service).collection('users').findOne({ email });
      expect(bcrypt.getRounds(stored!.passwordHash as string)).toBe(6);
      expect(await bcrypt.compare(PASSWORD, stored!.passwordHash as string)).toBe(true);
    } finally {
      await service.close();
    }
  });

  describe('the first admin (ADMIN_EMAIL / ADMIN_PASSWORD) and the dev seed', () => {
    const dbName = `test_boot_${randomUUID().slice(0, 8)}`;
    let mongo: MongoClient;
    const users = () => mongo.db(dbName).collection('users');

    beforeAll(async () => (mongo = await MongoClient.connect(process.env.TEST_MONGODB_URI!)));
    afterAll(async () => {
      await mongo.db(dbName).dropDatabase();
      await mongo.close();
    });

    async function withService<T>(env: Record<string, string>, work: (service: TestService) => Promise<T>): Promise<T> {
      const service = await startUserService({ MONGODB_DB_NAME: dbName, ...env });
      try {
        return await work(service);
      } finally {
        await service.close();
      }
    }

    it('creates the admin once, and a second start changes nothing', async () => {
      const env = { ADMIN_EMAIL: ` ${ADMIN_EMAIL.toUpperCase()} `, ADMIN_PASSWORD };
      await withService(env, async (service) => {
        const tokens = await new IdentityClient(service).loginOk(ADMIN_EMAIL, ADMIN_PASSWORD);
        expect((await new IdentityClient(service).call('/api/v1/users', { token: tokens.accessToken })).status).toBe(
          200,
        );
      });
      const first = await users().findOne({ email: ADMIN_EMAIL });
      expect(first).toMatchObject({ roles: ['admin'], active: true, displayName: 'Administrator' });
      await withService(env, async () => undefined);
      expect(await users().countDocuments({ email: ADMIN_EMAIL })).toBe(1);
      expect(await users().findOne({ email: ADMIN_EMAIL })).toEqual(first);
    });

    it('leaves an existing account as it is: a restart never resets its password, re-enables or promotes it', async () => {
      const session = await withService({}, async (service) => {
        const client = new IdentityClient(service);
        await client.register('promote-me@example.com');
        return client.loginOk('promote-me@example.com');
      });
      await users().updateOne({ email: 'promote-me@example.com' }, { $set: { active: false } });
      const env = { ADMIN_EMAIL: 'promote-me@example.com', ADMIN_PASSWORD: 'the new admin passphrase' };
      const before = await users().findOne({ email: 'promote-me@example.com' });
      await withService(env, async (service) => {
        const client = new IdentityClient(service);
        // Disabled by an admin, it stays disabled: the right (old) password meets ACCOUNT_DISABLED.
        expect((await client.login('promote-me@example.com', PASSWORD)).json.code).toBe('ACCOUNT_DISABLED');
        expect((await client.login('promote-me@example.com', 'the new admin passphrase')).status).toBe(401);
        expect((await client.refresh(session.refreshToken)).status).not.toBe(200);
      });
      expect(await users().findOne({ email: 'promote-me@example.com' })).toEqual(before);
    });

    it('logs in an admin written by tools/dev/seed.ts, upgrading its bcrypt cost to the configured one', async () => {
      // The exact document shape tools/dev/seed.ts writes (it hashes at cost 12; 4 here keeps the test fast).
      const now = new Date();
      const seededHash = await bcrypt.hash('a-long-local-password', 4);
      await users().updateOne(
        { email: 'admin@shop.local' },
        {
          $set: { passwordHash: seededHash, roles: ['admin'], active: true, updatedAt: now },
          $setOnInsert: { displayName: 'Administrator', createdAt: now },
        },
        { upsert: true },
      );
      await withService({ BCRYPT_COST: '6' }, async (service) => {
        const client = new IdentityClient(service);
        const tokens = await client.loginOk('admin@shop.local', 'a-long-local-password');
        expect((await client.me(tokens.accessToken)).json).toMatchObject({ roles: ['admin'], active: true });
        expect((await client.call('/api/v1/users', { token: tokens.accessToken })).status).toBe(200);
      });
      const upgraded = await users().findOne({ email: 'admin@shop.local' });
      expect(bcrypt.getRounds(upgraded!.passwordHash as string)).toBe(6);
    });
  });
});
