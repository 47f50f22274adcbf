import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MongoClient } from 'mongodb';
import { startMongoEmulator } from '../mongo-emulator';
import { seed } from './seed';
import { SEED_PRODUCTS } from './seed-catalog';

describe('development seed', () => {
  const uri = process.env.TEST_MONGODB_URI!;
  const databases = {
    products: `seed_products_${randomUUID().slice(0, 8)}`,
    users: `seed_users_${randomUUID().slice(0, 8)}`,
  };
  let client: MongoClient;

  beforeAll(async () => (client = await MongoClient.connect(uri)));
  afterAll(async () => {
    await client.db(databases.products).dropDatabase();
    await client.db(databases.users).dropDatabase();
    await client.close();
  });

  it('creates the catalog and an admin with a generated password, then is idempotent', async () => {
    const first = await seed(uri, {}, databases);
    expect(first.productsInserted).toBe(SEED_PRODUCTS.length);
    expect(first.adminEmail).toBe('admin@shop.local');
    // The shape product-service reads and sorts by (apps/product-service/.../product.schema.ts).
    expect(await client.db(databases.products).collection('products').findOne({ sku: 'MUG-CER-350' })).toMatchObject({
      sortName: 'ceramic mug, 350 ml',
      active: true,
      holds: [],
      returns: [],
      version: 0,
    });
    const admin = await client.db(databases.users).collection('users').findOne({ email: 'admin@shop.local' });
    expect(admin).toMatchObject({ roles: ['admin'], active: true, displayName: 'Administrator' });
    expect(await bcrypt.compare(first.adminPassword!, admin!.passwordHash as string)).toBe(true);

    const again = await seed(uri, {}, databases);
    expect(again).toEqual({ adminEmail: 'admin@shop.local', productsInserted: 0 });
    expect(await client.db(databases.products).collection('products').countDocuments()).toBe(SEED_PRODUCTS.length);
    const unchanged = await client.db(databases.users).collection('users').findOne({ email: 'admin@shop.local' });
    expect(unchanged!.passwordHash).toBe(admin!.passwordHash);
  });

  it('uses ADMIN_EMAIL and ADMIN_PASSWORD when given, normalizing the email', async () => {
    const result = await seed(
      uri,
      { ADMIN_EMAIL: ' Ops@Example.COM ', ADMIN_PASSWORD: 'a-long-local-password' },
      databases,
    );
    expect(result).toMatchObject({ adminEmail: 'ops@example.com', adminPassword: 'a-long-local-password' });
    const admin = await client.db(databases.users).collection('users').findOne({ email: 'ops@example.com' });
    expect(await bcrypt.compare('a-long-local-password', admin!.passwordHash as string)).toBe(true);
  });

  it('seeds the databases product-service and user-service read by default', async () => {
    // A server of its own: the default database names are the services' real ones.
    const emulator = await startMongoEmulator({ port: 0 });
    const own = await MongoClient.connect(emulator.uri);
    try {
      const result = await seed(emulator.uri, { ADMIN_PASSWORD: 'a-long-local-password' });
      expect(result.productsInserted).toBe(SEED_PRODUCTS.length);
      expect(await own.db('ecommerce_products').collection('products').countDocuments()).toBe(SEED_PRODUCTS.length);
      expect(await own.db('ecommerce_users').collection('users').countDocuments({ email: 'admin@shop.local' })).toBe(1);
    } finally {
      await own.close();
      await emulator.stop();
    }
  });
});
