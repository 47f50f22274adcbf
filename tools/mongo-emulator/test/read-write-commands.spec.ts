import { MongoBulkWriteError, ObjectId } from 'mongodb';
import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator insert, find, delete, count and distinct through the official driver', () => {
  const fixture = useEmulator();
  const items = () => fixture.db('crud').collection<TestDoc>('items');

  beforeEach(async () => {
    await fixture.db('crud').dropDatabase();
    await items().insertMany([
      { _id: 1, name: 'apple', qty: 5, tags: ['fruit', 'red'] },
      { _id: 2, name: 'banana', qty: 0, tags: ['fruit'] },
      { _id: 3, name: 'carrot', qty: 12, tags: ['veg'], meta: { origin: 'NL' } },
    ]);
  });

  describe('insert', () => {
    it('generates an ObjectId and stores _id first', async () => {
      const { insertedId } = await items().insertOne({ name: 'date', qty: 1 });
      const stored = await items().findOne({ _id: insertedId });
      expect(insertedId).toBeInstanceOf(ObjectId);
      expect(Object.keys(stored ?? {})).toEqual(['_id', 'name', 'qty']);
    });

    it('stops an ordered batch at the first duplicate and reports the writeError index', async () => {
      const error = await errorOf(() => items().insertMany([{ _id: 10 }, { _id: 1 }, { _id: 11 }]));
      expect(error).toBeInstanceOf(MongoBulkWriteError);
      const bulk = error as unknown as MongoBulkWriteError;
      expect(bulk.insertedCount).toBe(1);
      expect(bulk.writeErrors).toEqual([expect.objectContaining({ index: 1, code: 11000 })]);
      expect(await items().countDocuments({ _id: { $in: [10, 11] } })).toBe(1);
    });

    it('continues an unordered batch past duplicates', async () => {
      const error = (await errorOf(() =>
        items().insertMany([{ _id: 1 }, { _id: 20 }, { _id: 2 }, { _id: 21 }], { ordered: false }),
      )) as unknown as MongoBulkWriteError;
      expect(error.insertedCount).toBe(2);
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      expect(writeErrors.map((e) => e.index)).toEqual([0, 2]);
    });

    it('refuses an array as _id', async () => {
      const error = await errorOf(() => items().insertOne({ _id: [1, 2] } as never));
      expect(error.message).toContain("can't use an array for _id");
    });
  });

  describe('find', () => {
    it('filters, sorts, skips, limits and projects in the server order', async () => {
      const docs = await items()
        .find({ qty: { $gte: 0 } }, { projection: { name: 1 } })
        .sort({ qty: -1 })
        .skip(1)
        .limit(1)
        .toArray();
      expect(docs).toEqual([{ _id: 1, name: 'apple' }]);
    });

    it('supports exclusion projections, dotted paths and array matching', async () => {
      expect(await items().findOne({ 'meta.origin': 'NL' }, { projection: { tags: 0, meta: 0 } })).toEqual({
        _id: 3,
        name: 'carrot',
        qty: 12,
      });
      expect((await items().find({ tags: 'fruit' }).toArray()).map((d) => d._id)).toEqual([1, 2]);
    });

    it('resolves positional projections against the filter and ignores $comment', async () => {
      const doc = await items().findOne({ tags: 'red', $comment: 'which colour' }, { projection: { 'tags.$': 1 } });
      expect(doc).toEqual({ _id: 1, tags: ['red'] });
    });

    it('sorts in reverse natural order with $natural', async () => {
      const docs = await items().find({}).sort({ $natural: -1 }).toArray();
      expect(docs.map((d) => d._id)).toEqual([3, 2, 1]);
    });

    it('reads a single batch when asked to (findOne uses limit 1, singleBatch)', async () => {
      const docs = await items().find({}, { limit: -2 }).toArray();
      expect(docs).toHaveLength(2);
    });

    it('answers an unknown query operator with an error rather than a guess', async () => {
      const error = await errorOf(() =>
        items()
          .find({ qty: { $foo: 1 } })
          .toArray(),
      );
      expect(error.code).toBe(2);
      expect(error.message).toContain('$foo');
    });

    it('returns nothing from a collection that does not exist', async () => {
      expect(await fixture.db('crud').collection<TestDoc>('missing').find({}).toArray()).toEqual([]);
    });
  });

  describe('delete', () => {
    it('deletes one (limit 1) or all matches (limit 0)', async () => {
      expect((await items().deleteOne({ tags: 'fruit' })).deletedCount).toBe(1);
      expect((await items().deleteMany({})).deletedCount).toBe(2);
      expect(await items().countDocuments()).toBe(0);
    });

    it('rejects a limit other than 0 or 1', async () => {
      const result = await fixture
        .db('crud')
        .command({ delete: 'items', deletes: [{ q: {}, limit: 5 }] })
        .catch((e: Error) => e);
      expect(String((result as Error).message)).toContain('limit field in delete objects must be 0 or 1');
    });
  });

  describe('count and distinct', () => {
    it('counts with query, skip and limit', async () => {
      expect((await fixture.db('crud').command({ count: 'items', query: { qty: { $gt: 0 } } })).n).toBe(2);
      expect((await fixture.db('crud').command({ count: 'items', skip: 1, limit: 1 })).n).toBe(1);
      expect(await items().estimatedDocumentCount()).toBe(3);
    });

    it('lists distinct values, flattening arrays', async () => {
      expect((await items().distinct('tags')).sort()).toEqual(['fruit', 'red', 'veg']);
      expect(await items().distinct('name', { qty: { $gt: 4 } })).toEqual(['apple', 'carrot']);
    });
  });
});
