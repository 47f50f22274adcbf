import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MongoClient } from 'mongodb';
import { SEED_PRODUCTS } from './seed-catalog';

export interface SeedResult {
  adminEmail: string;
  /** Present when the password was set in this run (from ADMIN_PASSWORD or newly generated). */
  adminPassword?: string;
  productsInserted: number;
}

/**
 * Seeds a small catalog and an admin account, idempotently: existing products (by sku) are left alone, and
 * an existing admin keeps their password unless ADMIN_PASSWORD is given. Writes the documents in the shape of
 * the services' schemas (apps/product-service/.../product.schema.ts, apps/user-service/.../user.schema.ts).
 */
export async function seed(
  mongoUri: string,
  env: NodeJS.ProcessEnv,
  databases = { products: 'ecommerce_products', users: 'ecommerce_users' },
): Promise<SeedResult> {
  const client = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const now = new Date();
    const products = client.db(databases.products).collection('products');
    await products.createIndex({ sku: 1 }, { unique: true });
    let productsInserted = 0;
    for (const product of SEED_PRODUCTS) {
      const result = await products.updateOne(
        { sku: product.sku },
        {
          $setOnInsert: {
            ...product,
            sortName: product.name.toLowerCase(),
            active: true,
            images: [],
            holds: [],
            returns: [],
            version: 0,
            createdAt: now,
            updatedAt: now,
          },
        },
        { upsert: true },
      );
      productsInserted += result.upsertedCount;
    }
    const users = client.db(databases.users).collection('users');
    await users.createIndex({ email: 1 }, { unique: true });
    const adminEmail = (env.ADMIN_EMAIL ?? 'admin@shop.local').trim().toLowerCase();
    const existing = await users.findOne({ email: adminEmail });
    if (existing && !env.ADMIN_PASSWORD) return { adminEmail, productsInserted };
    const adminPassword = env.ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    const passwordHash = await bcrypt.hash(adminPassword, 12);
    await users.updateOne(
      { email: adminEmail },
      {
        $set: { passwordHash, roles: ['admin'], active: true, updatedAt: now },
        $setOnInsert: { displayName: 'Administrator', createdAt: now },
      },
      { upsert: true },
    );
    return { adminEmail, adminPassword, productsInserted };
  } finally {
    await client.close();
  }
}
