import { ObjectId } from 'mongodb';
import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator update and findAndModify through the official driver', () => {
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

  describe('update', () => {
    it('updates one or many documents and counts matched and modified', async () => {
      const one = await items().updateOne({ tags: 'fruit' }, { $inc: { qty: 1 } });
      expect([one.matchedCount, one.modifiedCount]).toEqual([1, 1]);
      const many = await items().updateMany({}, { $set: { qty: 12 } });
      expect([many.matchedCount, many.modifiedCount]).toEqual([3, 2]);
    });

    it('upserts with the filter equalities and $setOnInsert', async () => {
      const result = await items().updateOne(
        { _id: 50, $and: [{ name: 'fig' }] },
        { $set: { qty: 3 }, $setOnInsert: { createdBy: 'seed' } },
        { upsert: true },
      );
      expect(result.upsertedId).toBe(50);
      expect(await items().findOne({ _id: 50 })).toEqual({ _id: 50, name: 'fig', qty: 3, createdBy: 'seed' });
      await items().updateOne(
        { _id: 50 },
        { $set: { qty: 4 }, $setOnInsert: { createdBy: 'other' } },
        { upsert: true },
      );
      expect(await items().findOne({ _id: 50 })).toEqual({ _id: 50, name: 'fig', qty: 4, createdBy: 'seed' });
    });

    it('upserts a generated ObjectId when the filter has no _id', async () => {
      const result = await items().updateOne({ name: { $eq: 'kiwi' } }, { $inc: { qty: 2 } }, { upsert: true });
      expect(result.upsertedId).toBeInstanceOf(ObjectId);
      expect(await items().findOne({ name: 'kiwi' }, { projection: { _id: 0 } })).toEqual({ name: 'kiwi', qty: 2 });
    });

    it('replaces a document but keeps its _id', async () => {
      await items().replaceOne({ _id: 2 }, { name: 'blueberry' });
      expect(await items().findOne({ _id: 2 })).toEqual({ _id: 2, name: 'blueberry' });
      const upserted = await items().replaceOne({ _id: 60 }, { name: 'lime' }, { upsert: true });
      expect(upserted.upsertedId).toBe(60);
    });

    it('applies pipeline updates, positional paths and array filters', async () => {
      await items().updateOne({ _id: 1 }, [{ $set: { double: { $multiply: ['$qty', 2] } } }]);
      expect(await items().findOne({ _id: 1 })).toMatchObject({ double: 10 });
      await items().updateOne({ _id: 1, tags: 'red' }, { $set: { 'tags.$': 'green' } });
      await items().updateOne({ _id: 1 }, { $set: { 'tags.$[t]': 'FRUIT' } }, { arrayFilters: [{ t: 'fruit' }] });
      expect((await items().findOne({ _id: 1 }))?.tags).toEqual(['FRUIT', 'green']);
    });

    it('resolves one positional $ for several fields of the matched element, as the server does', async () => {
      const lines = [
        { p: 'a', quantity: 1, name: 'A' },
        { p: 'b', quantity: 2, name: 'B' },
      ];
      await items().insertOne({ _id: 70, lines });
      const result = await items().updateOne(
        { _id: 70, lines: { $elemMatch: { p: 'b', quantity: { $lt: 3 } } } },
        { $inc: { 'lines.$.quantity': 5 }, $set: { 'lines.$.name': 'Bee' } },
      );
      expect(result.modifiedCount).toBe(1);
      // $ is resolved once, before the update: raising the quantity past the filter's bound changes nothing.
      expect((await items().findOne({ _id: 70 }))?.lines).toEqual([lines[0], { p: 'b', quantity: 7, name: 'Bee' }]);
      const conflict = await errorOf(() =>
        items().updateOne({ _id: 70, 'lines.p': 'a' }, { $set: { 'lines.$': {}, 'lines.$.name': 'x' } }),
      );
      expect(conflict.code).toBe(40);
      const ambiguous = await errorOf(() =>
        items().updateOne({ _id: 70, 'lines.p': 'a', 'lines.quantity': 1 }, { $set: { 'lines.$.name': 'x' } }),
      );
      expect([ambiguous.code, ambiguous.message]).toEqual([
        115,
        "mongo-emulator does not support positional $ with separate filter conditions on 'lines' (use one $elemMatch)",
      ]);
      const unmatched = await errorOf(() => items().updateOne({ _id: 70 }, { $set: { 'lines.$.name': 'x' } }));
      expect(unmatched.message).toBe('The positional operator did not find the match needed from the query.');
    });

    it('refuses pipeline stages that are not allowed in updates', async () => {
      const error = await errorOf(() => items().updateOne({ _id: 1 }, [{ $group: { _id: null } }]));
      expect(error.message).toContain('$group is not allowed to be used within an update');
    });

    it('rejects updates the server rejects instead of skipping them', async () => {
      const inc = await errorOf(() => items().updateOne({ _id: 1 }, { $inc: { name: 1 } }));
      expect(inc.code).toBe(14); // TypeMismatch; write errors carry no codeName, as on the server
      const push = await errorOf(() => items().updateOne({ _id: 1 }, { $push: { name: 'x' } } as never));
      expect(push.message).toContain("The field 'name' must be an array");
      const path = await errorOf(() => items().updateOne({ _id: 1 }, { $set: { 'qty.inner': 1 } }));
      expect(path.code).toBe(28); // PathNotViable
      const pull = await errorOf(() => items().updateOne({ _id: 1 }, { $pull: { qty: 1 } } as never));
      expect(pull.message).toContain('Cannot apply $pull to a non-array value');
      const arg = await errorOf(() => items().updateOne({ _id: 1 }, { $inc: { qty: 'x' } } as never));
      expect(arg.message).toContain('Cannot increment with non-numeric argument');
      const unknown = await errorOf(() => items().updateOne({ _id: 1 }, { $frobnicate: { qty: 1 } }));
      expect(unknown.message).toContain('Unknown modifier: $frobnicate');
      expect(await items().findOne({ _id: 1 })).toMatchObject({ name: 'apple', qty: 5 });
    });

    it('refuses to change _id', async () => {
      const error = await errorOf(() => items().updateOne({ _id: 1 }, { $set: { _id: 99 } }));
      expect(error.code).toBe(66); // ImmutableField
    });

    it('refuses replacement documents with operators and multi replacements', async () => {
      const mixed = await fixture
        .db('crud')
        .command({ update: 'items', updates: [{ q: {}, u: { a: 1, $set: { b: 1 } } }] });
      expect(mixed.writeErrors[0].errmsg).toContain("The dollar ($) prefixed field '$set'");
      const unknownFirst = await fixture
        .db('crud')
        .command({ update: 'items', updates: [{ q: {}, u: { $set: { b: 1 }, a: 1 } }] });
      expect(unknownFirst.writeErrors[0].errmsg).toContain('Unknown modifier: a');
      const result = await fixture
        .db('crud')
        .command({ update: 'items', updates: [{ q: {}, u: { a: 1 }, multi: true }] });
      expect(result.writeErrors[0].errmsg).toContain('multi update is not supported for replacement-style update');
    });

    it('updates the first document in sort order when the statement has a sort', async () => {
      await fixture
        .db('crud')
        .command({ update: 'items', updates: [{ q: {}, u: { $set: { top: true } }, sort: { qty: -1 } }] });
      expect((await items().findOne({ top: true }))?._id).toBe(3);
    });
  });

  describe('findAndModify', () => {
    it('returns the document before or after the update, projected and sorted', async () => {
      const before = await items().findOneAndUpdate(
        {},
        { $inc: { qty: 1 } },
        { sort: { qty: -1 }, projection: { qty: 1 } },
      );
      expect(before).toEqual({ _id: 3, qty: 12 });
      const after = await items().findOneAndUpdate({ _id: 3 }, { $inc: { qty: 1 } }, { returnDocument: 'after' });
      expect(after?.qty).toBe(14);
    });

    it('upserts and reports the new document', async () => {
      const result = await items().findOneAndUpdate(
        { _id: 70 },
        { $set: { qty: 1 } },
        { upsert: true, returnDocument: 'after', includeResultMetadata: true },
      );
      expect(result.value).toEqual({ _id: 70, qty: 1 });
      expect(result.lastErrorObject).toEqual({ n: 1, updatedExisting: false, upserted: 70 });
      const before = await items().findOneAndUpdate({ _id: 71 }, { $set: { qty: 1 } }, { upsert: true });
      expect(before).toBeNull();
    });

    it('replaces and removes', async () => {
      expect(await items().findOneAndReplace({ _id: 2 }, { name: 'b2' }, { returnDocument: 'after' })).toEqual({
        _id: 2,
        name: 'b2',
      });
      expect(await items().findOneAndDelete({ _id: 2 })).toEqual({ _id: 2, name: 'b2' });
      expect(await items().findOneAndDelete({ _id: 2 })).toBeNull();
      expect(await items().findOneAndUpdate({ _id: 2 }, { $set: { a: 1 } })).toBeNull();
    });

    it('refuses positional projections, which have no filter match to use', async () => {
      const error = await errorOf(() =>
        items().findOneAndUpdate({ tags: 'red' }, { $set: { a: 1 } }, { projection: { 'tags.$': 1 } }),
      );
      expect(error.message).toBe('mongo-emulator does not support positional projections in findAndModify');
    });

    it('rejects contradictory options', async () => {
      const cases = [
        { findAndModify: 'items', query: {}, remove: true, update: { $set: { a: 1 } } },
        { findAndModify: 'items', query: {} },
        { findAndModify: 'items', query: {}, remove: true, new: true },
        { findAndModify: 'items', query: {}, remove: true, upsert: true },
      ];
      for (const command of cases) {
        const error = await errorOf(() => fixture.db('crud').command(command));
        expect(error.codeName).toBe('FailedToParse');
      }
    });
  });

  describe('less common paths', () => {
    it('reads nested arrays of documents and numeric path segments', async () => {
      const orders = fixture.db('crud').collection<TestDoc>('orders');
      await orders.insertMany([
        { _id: 1, lines: [{ sku: 'a' }, { sku: 'b' }], sizes: [[1, 2], [3]] },
        { _id: 2, lines: [{ sku: 'b' }, { sku: 'c' }], sizes: [[4]] },
      ]);
      expect((await orders.distinct('lines.sku')).sort()).toEqual(['a', 'b', 'c']);
      expect((await orders.distinct('lines.0.sku')).sort()).toEqual(['a', 'b']);
      expect(await orders.distinct('sizes.1')).toEqual([3]);
      await orders.createIndex({ 'lines.sku': 1 }, { unique: true, name: 'line_sku' }).catch((e: Error) => e);
      expect((await orders.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']); // 'b' is in two orders
    });

    it('finds by a list of _ids and passes let variables to $expr', async () => {
      expect(
        (
          await items()
            .find({ _id: { $in: [3, 1, 99] } })
            .toArray()
        ).map((d) => d._id),
      ).toEqual([1, 3]);
      const docs = await items()
        .find({ $expr: { $gt: ['$qty', '$$min'] } }, { let: { min: 4 } })
        .toArray();
      expect(docs.map((d) => d._id)).toEqual([1, 3]);
    });

    it('names an index from its key when the request has no name', async () => {
      await fixture.db('crud').command({ createIndexes: 'items', indexes: [{ key: { qty: -1, name: 1 } }] });
      expect((await items().listIndexes().toArray()).map((i) => i.name)).toContain('qty_-1_name_1');
    });

    it('rejects more malformed updates with the server errors', async () => {
      const cases: Array<[object, string]> = [
        [{ $addToSet: { name: 'x' } }, "The field 'name' must be an array but is of type string"],
        [{ $pop: { qty: 1 } }, 'Cannot apply $pop to a non-array value'],
        [{ $set: 5 }, 'Modifiers operate on fields but we found type int instead'],
        [{ $set: { 'tags.first': 1 } }, 'Cannot create field \'first\' in element {tags: [ "fruit", "red" ]}'],
        [{ $set: { a: 1 }, $setOnInsert: { a: 2 } }, "Updating the path 'a' would create a conflict at 'a'"],
        [{ $set: { a: 1, 'a.b': 2 } }, 'would create a conflict'],
      ];
      for (const [update, message] of cases) {
        const result = await fixture
          .db('crud')
          .command({ update: 'items', updates: [{ q: { _id: 1 }, u: update, upsert: true }] });
        expect(result.writeErrors?.[0]?.errmsg ?? '').toContain(message);
      }
      const pipeline = await fixture.db('crud').command({ update: 'items', updates: [{ q: {}, u: [5] }] });
      expect(pipeline.writeErrors[0].errmsg).toBe('Each element of an update pipeline must be an object');
      const notAnObject = await fixture.db('crud').command({ update: 'items', updates: [{ q: {}, u: 5 }] });
      expect(notAnObject.writeErrors[0].errmsg).toBe('Update argument must be either an object or an array');
      expect(await items().findOne({ _id: 1 })).toEqual({
        _id: 1,
        name: 'apple',
        qty: 5,
        tags: ['fruit', 'red'],
      });
    });

    it('allows $set of _id to its current value and to any value while upserting', async () => {
      await items().updateOne({ _id: 1 }, { $set: { _id: 1, qty: 6 } });
      expect((await items().findOne({ _id: 1 }))?.qty).toBe(6);
      const result = await items().updateOne({ name: 'new' }, { $set: { _id: 77 } }, { upsert: true });
      expect(result.upsertedId).toBe(77);
      expect((await errorOf(() => items().updateOne({ _id: 1 }, { $unset: { _id: '' } }))).code).toBe(66);
    });

    it('seeds upserts from equalities only, skipping operators and regular expressions', async () => {
      await items().updateOne(
        { name: /^z/, kind: 'x', qty: { $gt: 1 }, $or: [{ a: 1 }] },
        { $set: { made: true } },
        { upsert: true },
      );
      expect(await items().findOne({ made: true }, { projection: { _id: 0 } })).toEqual({ kind: 'x', made: true });
    });

    it('sets the current date, and refuses the BSON Timestamp variant', async () => {
      await items().updateOne({ _id: 1 }, { $currentDate: { touched: true } });
      expect((await items().findOne({ _id: 1 }))?.touched).toBeInstanceOf(Date);
      const error = await errorOf(() =>
        items().updateOne({ _id: 1 }, { $currentDate: { touched: { $type: 'timestamp' } } }),
      );
      expect(error.message).toBe(
        'mongo-emulator does not support $currentDate with $type: "timestamp" (BSON Timestamp values)',
      );
    });

    it('refuses an unsupported feature inside a write statement with a top-level error', async () => {
      const error = await errorOf(() => items().updateOne({ $or: [{ $text: { $search: 'x' } }] }, { $set: { a: 1 } }));
      expect([error.code, error.message]).toEqual([
        115,
        'mongo-emulator does not support $text anywhere but the top level of a filter',
      ]);
    });
  });
});
