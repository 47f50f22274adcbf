import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator index management', () => {
  const fixture = useEmulator();
  const db = () => fixture.db('indexes');

  beforeEach(() => db().dropDatabase());

  describe('createIndexes, listIndexes and dropIndexes', () => {
    it('creates, lists (server shape) and drops indexes', async () => {
      const users = db().collection<TestDoc>('users');
      expect(await users.createIndex({ email: 1 }, { unique: true })).toBe('email_1');
      await users.createIndex({ tenant: 1, sku: -1 }, { name: 'tenant_sku', sparse: true });
      const indexes = await users.listIndexes().toArray();
      expect(indexes).toEqual([
        { v: 2, key: { _id: 1 }, name: '_id_' },
        { v: 2, key: { email: 1 }, name: 'email_1', unique: true },
        { v: 2, key: { tenant: 1, sku: -1 }, name: 'tenant_sku', sparse: true },
      ]);
      await users.dropIndex('tenant_sku');
      await users.dropIndex({ email: 1 } as never); // the server also accepts a key pattern
      expect((await users.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    });

    it('reports the collection it created and treats an identical index as a no-op', async () => {
      const first = await db().command({ createIndexes: 'auto', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
      expect(first).toMatchObject({ createdCollectionAutomatically: true, numIndexesBefore: 1, numIndexesAfter: 2 });
      const again = await db().command({ createIndexes: 'auto', indexes: [{ key: { a: 1 }, name: 'a_1' }] });
      expect(again).toMatchObject({
        createdCollectionAutomatically: false,
        numIndexesAfter: 2,
        note: 'all indexes already exist',
      });
    });

    it('rejects conflicting definitions like the server', async () => {
      const c = db().collection<TestDoc>('conflicts');
      await c.createIndex({ a: 1 });
      expect((await errorOf(() => c.createIndex({ a: 1 }, { name: 'other' }))).codeName).toBe('IndexOptionsConflict');
      expect((await errorOf(() => c.createIndex({ b: 1 }, { name: 'a_1' }))).codeName).toBe('IndexKeySpecsConflict');
      await c.createIndex({ title: 'text' });
      expect((await errorOf(() => c.createIndex({ body: 'text' }))).codeName).toBe('IndexOptionsConflict');
      expect(
        (
          await errorOf(() =>
            db().command({ createIndexes: 'conflicts', indexes: [{ key: { z: 1 }, name: 'z', foo: true }] }),
          )
        ).codeName,
      ).toBe('InvalidIndexSpecificationOption');
      expect((await errorOf(() => c.createIndex({ a: 'fancy' } as never))).codeName).toBe('CannotCreateIndex');
      expect((await errorOf(() => c.createIndex({ a: 1 }, { expireAfterSeconds: -1 }))).codeName).toBe(
        'CannotCreateIndex',
      );
      expect((await errorOf(() => c.createIndex({ a: 1, b: 1 }, { expireAfterSeconds: 5 }))).codeName).toBe(
        'CannotCreateIndex',
      );
      expect((await errorOf(() => c.createIndex({ t: 'text' }, { unique: true, name: 'u' }))).codeName).toBe(
        'CannotCreateIndex',
      );
      expect(
        (await errorOf(() => db().command({ createIndexes: 'conflicts', indexes: [{ name: 'x' }] }))).codeName,
      ).toBe('FailedToParse');
    });

    it('lists a text index under the internal key the server uses', async () => {
      await db()
        .collection<TestDoc>('articles')
        .createIndex({ title: 'text', body: 'text' }, { weights: { title: 5 } });
      const text = (await db().collection<TestDoc>('articles').listIndexes().toArray())[1];
      expect(text).toMatchObject({
        key: { _fts: 'text', _ftsx: 1 },
        name: 'title_text_body_text',
        weights: { title: 5, body: 1 },
        default_language: 'english',
      });
    });

    it('drops all indexes but _id with "*", and refuses dropping _id or a missing index', async () => {
      const c = db().collection<TestDoc>('drops');
      await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);
      expect((await db().command({ dropIndexes: 'drops', index: '*' })).nIndexesWas).toBe(3);
      expect((await errorOf(() => c.dropIndex('_id_'))).codeName).toBe('InvalidOptions');
      expect((await errorOf(() => c.dropIndex('nope'))).codeName).toBe('IndexNotFound');
      expect((await errorOf(() => c.dropIndex({ nope: 1 } as never))).codeName).toBe('IndexNotFound');
      await c.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);
      await db().command({ dropIndexes: 'drops', index: ['a_1', 'b_1'] });
      expect((await errorOf(() => db().command({ dropIndexes: 'drops', index: 5 }))).codeName).toBe('TypeMismatch');
    });

    it('answers listIndexes and dropIndexes on a missing collection with NamespaceNotFound', async () => {
      expect((await errorOf(() => db().collection<TestDoc>('ghost').listIndexes().toArray())).codeName).toBe(
        'NamespaceNotFound',
      );
      expect((await errorOf(() => db().command({ dropIndexes: 'ghost', index: '*' }))).codeName).toBe(
        'NamespaceNotFound',
      );
    });

    it('refuses geo and wildcard indexes and collations', async () => {
      const c = db().collection<TestDoc>('places');
      expect((await errorOf(() => c.createIndex({ loc: '2dsphere' }))).message).toMatch(
        /^mongo-emulator does not support geospatial indexes/,
      );
      expect((await errorOf(() => c.createIndex({ '$**': 1 }))).message).toMatch(
        /^mongo-emulator does not support wildcard indexes/,
      );
      expect((await errorOf(() => c.createIndex({ a: 1 }, { collation: { locale: 'fr' } }))).message).toMatch(
        /^mongo-emulator does not support collations/,
      );
    });
  });
});
