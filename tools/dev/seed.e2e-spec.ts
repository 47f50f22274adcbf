import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MongoClient } from 'mongodb';
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
});
