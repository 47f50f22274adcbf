import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { MongoClient } from 'mongodb';
import { retryAfterMs } from './session';
import { type ShopClient } from './shop-api';
import { type Credentials } from './virtual-shopper';

/**
 * The shoppers' accounts: one address each and one password for all (a benchmark's accounts need no secret of
 * their own; each login still checks its password against a hash of the full cost).
 */
export function benchCredentials(count: number, run = randomBytes(4).toString('hex')): Credentials[] {
  const password = `Bench-${randomBytes(12).toString('base64url')}`;
  return Array.from({ length: count }, (_, i) => ({ email: `shopper-${run}-${i}@bench.example`, password }));
}

/**
 * Writes the accounts straight into user-service's `users` collection, in the shape tools/dev/seed.ts writes its
 * admin (apps/user-service/src/users/schemas/user.schema.ts): one bcrypt hash at `cost`, computed once and
 * shared, since they share the password. Registering 200 accounts through the API would spend 200 hashes of
 * cost 12 (about a minute of both cores here) before the benchmark even starts; this takes one. A hash at the
 * service's BCRYPT_COST is not rehashed on login (login.service.ts), so the logins cost what production's do.
 */
export async function insertAccounts(mongoUri: string, database: string, accounts: Credentials[], cost: number) {
  if (accounts.length === 0) return;
  const passwordHash = bcrypt.hashSync(accounts[0].password, cost);
  const client = await MongoClient.connect(mongoUri);
  try {
    const now = new Date();
    await client
      .db(database)
      .collection('users')
      .insertMany(
        accounts.map(({ email }) => ({
          email,
          passwordHash,
          displayName: 'Bench shopper',
          roles: ['customer'],
          active: true,
          failedLoginCount: 0,
          lockedUntil: null,
          passwordChangedAt: null,
          lastLoginAt: null,
          createdAt: now,
          updatedAt: now,
        })),
      );
  } finally {
    await client.close();
  }
}

/** Against a deployed stack (no database access): registers through the API, a few at a time, waiting out 503s. */
export async function registerAccounts(api: ShopClient, accounts: Credentials[], concurrency: number) {
  await forEachLimited(accounts, concurrency, async (account) => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const answer = await api.call('POST /auth/register', 'POST', '/api/v1/auth/register', {
        json: { ...account, displayName: 'Bench shopper' },
      });
      if (answer.status === 201 || answer.status === 409) return;
      if (answer.status !== 503 && answer.status !== 0)
        throw new Error(`registering ${account.email} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      await new Promise((resolve) => setTimeout(resolve, retryAfterMs(answer.retryAfter, Date.now())));
    }
    throw new Error(`registering ${account.email} kept failing with 503 or no answer`);
  });
}

/** Runs `work` over `items` with at most `concurrency` at once, in order of the list. */
export async function forEachLimited<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
