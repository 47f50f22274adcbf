import { MongoServerError } from 'mongodb';
import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator unique and TTL indexes', () => {
  const fixture = useEmulator();
  const db = () => fixture.db('indexes');

  beforeEach(() => db().dropDatabase());

  describe('unique indexes', () => {
    it('raises the real E11000 with keyPattern and keyValue on insert', async () => {
      const users = db().collection<TestDoc>('users');
      await users.createIndex({ email: 1 }, { unique: true });
      await users.insertOne({ email: 'ada@example.com' });
      const error = await errorOf(() => users.insertOne({ email: 'ada@example.com' }));
      expect(error).toBeInstanceOf(MongoServerError);
      expect(error).toMatchObject({
        code: 11000,
        keyPattern: { email: 1 },
        keyValue: { email: 'ada@example.com' },
        message:
          'E11000 duplicate key error collection: indexes.users index: email_1 dup key: { email: "ada@example.com" }',
      });
    });

    it('enforces compound keys on the combination of fields', async () => {
      const skus = db().collection<TestDoc>('skus');
      await skus.createIndex({ tenant: 1, sku: 1 }, { unique: true });
      await skus.insertMany([
        { tenant: 'a', sku: 1 },
        { tenant: 'b', sku: 1 },
      ]);
      const error = await errorOf(() => skus.insertOne({ tenant: 'a', sku: 1 }));
      expect(error).toMatchObject({ code: 11000, keyValue: { tenant: 'a', sku: 1 } });
    });

    it('treats numbers of different BSON types as the same key', async () => {
      const c = db().collection<TestDoc>('numeric');
      await c.createIndex({ n: 1 }, { unique: true });
      await c.insertOne({ n: 1 });
      await db().command({ insert: 'numeric', documents: [{ n: 1.0 }] });
      expect(await c.countDocuments()).toBe(1);
    });

    it('indexes each array element (multikey) and refuses parallel arrays', async () => {
      const c = db().collection<TestDoc>('tags');
      await c.createIndex({ tags: 1 }, { unique: true });
      await c.insertOne({ tags: ['a', 'b'] });
      expect((await errorOf(() => c.insertOne({ tags: ['c', 'b'] }))).keyValue).toEqual({ tags: 'b' });
      const compound = db().collection<TestDoc>('parallel');
      await compound.createIndex({ a: 1, b: 1 });
      await compound.createIndex({ a: 1, c: 1 }, { unique: true });
      expect((await errorOf(() => compound.insertOne({ a: [1], c: [2] }))).code).toBe(171);
    });

    it('skips documents without the field in a sparse index, and treats missing as null otherwise', async () => {
      const sparse = db().collection<TestDoc>('sparse');
      await sparse.createIndex({ code: 1 }, { unique: true, sparse: true });
      await sparse.insertMany([{ name: 'a' }, { name: 'b' }]);
      const dense = db().collection<TestDoc>('dense');
      await dense.createIndex({ code: 1 }, { unique: true });
      await dense.insertOne({ name: 'a' });
      expect((await errorOf(() => dense.insertOne({ name: 'b' }))).keyValue).toEqual({ code: null });
    });

    it('only covers documents matching a partialFilterExpression', async () => {
      const c = db().collection<TestDoc>('partial');
      await c.createIndex({ email: 1 }, { unique: true, partialFilterExpression: { active: true } });
      await c.insertMany([
        { email: 'x', active: false },
        { email: 'x', active: false },
        { email: 'x', active: true },
      ]);
      expect((await errorOf(() => c.insertOne({ email: 'x', active: true }))).code).toBe(11000);
      const bad = await errorOf(() => c.createIndex({ z: 1 }, { partialFilterExpression: 'x' as never }));
      expect(bad.codeName).toBe('BadValue');
    });

    it('applies to updates, upserts and findAndModify, and a failed write changes nothing', async () => {
      const c = db().collection<TestDoc>('accounts');
      await c.createIndex({ handle: 1 }, { unique: true });
      await c.insertMany([
        { _id: 1, handle: 'ada', visits: 0 },
        { _id: 2, handle: 'bob', visits: 0 },
      ]);
      const update = await errorOf(() => c.updateOne({ _id: 2 }, { $set: { handle: 'ada', visits: 5 } }));
      expect(update).toMatchObject({ code: 11000, keyValue: { handle: 'ada' } });
      const upsert = await errorOf(() =>
        c.updateOne({ handle: 'ada', _id: 3 }, { $set: { visits: 1 } }, { upsert: true }),
      );
      expect(upsert.code).toBe(11000);
      const fam = await errorOf(() => c.findOneAndUpdate({ _id: 2 }, { $set: { handle: 'ada' } }));
      expect(fam).toMatchObject({
        code: 11000,
        codeName: 'DuplicateKey',
        keyPattern: { handle: 1 },
        keyValue: { handle: 'ada' },
      });
      const famUpsert = await errorOf(() =>
        c.findOneAndUpdate({ _id: 9 }, { $set: { handle: 'bob' } }, { upsert: true }),
      );
      expect(famUpsert.code).toBe(11000);
      const replace = await errorOf(() => c.replaceOne({ _id: 1 }, { handle: 'bob' }));
      expect(replace.code).toBe(11000);
      expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 1, handle: 'ada', visits: 0 },
        { _id: 2, handle: 'bob', visits: 0 },
      ]);
    });

    it('stops a multi-update at the first duplicate, keeping the documents updated before it (server behaviour)', async () => {
      const c = db().collection<TestDoc>('multi');
      await c.createIndex({ rank: 1 }, { unique: true });
      await c.insertMany([
        { _id: 1, rank: 10 },
        { _id: 2, rank: 1 },
        { _id: 3, rank: 2 },
      ]);
      const error = await errorOf(() => c.updateMany({}, { $inc: { rank: 1 } }));
      expect(error.code).toBe(11000);
      expect((await c.find({}).sort({ _id: 1 }).toArray()).map((d) => d.rank)).toEqual([11, 1, 2]);
    });

    it('refuses to build a unique index over existing duplicates and keeps the collection usable', async () => {
      const c = db().collection<TestDoc>('legacy');
      await c.insertMany([{ code: 'a' }, { code: 'a' }]);
      const error = await errorOf(() => c.createIndexes([{ key: { other: 1 } }, { key: { code: 1 }, unique: true }]));
      expect(error.code).toBe(11000);
      expect((await c.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('frees the key when a document is deleted or changes its value', async () => {
      const c = db().collection<TestDoc>('reuse');
      await c.createIndex({ slug: 1 }, { unique: true });
      await c.insertOne({ _id: 1, slug: 'x' });
      await c.updateOne({ _id: 1 }, { $set: { slug: 'y' } });
      await c.insertOne({ _id: 2, slug: 'x' });
      await c.deleteOne({ _id: 1 });
      await c.insertOne({ _id: 3, slug: 'y' });
      expect(await c.countDocuments()).toBe(2);
    });
  });

  describe('TTL indexes', () => {
    it('expires documents whose date is older than expireAfterSeconds', async () => {
      const sessions = db().collection<TestDoc>('sessions');
      await sessions.createIndex({ createdAt: 1 }, { expireAfterSeconds: 1 });
      await sessions.insertMany([
        { name: 'old', createdAt: new Date(Date.now() - 60_000) },
        { name: 'fresh', createdAt: new Date(Date.now() + 60_000) },
        { name: 'no date', createdAt: 'yesterday' },
        { name: 'array', createdAt: [new Date(Date.now() + 60_000), new Date(0)] },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect((await sessions.find({}).toArray()).map((d) => d.name).sort()).toEqual(['fresh', 'no date']);
    });
  });
});
