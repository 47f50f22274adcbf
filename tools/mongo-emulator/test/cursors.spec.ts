import { Long } from 'mongodb';
import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator cursors', () => {
  const fixture = useEmulator();
  const db = () => fixture.db('cursors');

  beforeAll(async () => {
    await db()
      .collection<TestDoc>('numbers')
      .insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, square: i * i })));
  });

  it('returns 101 documents in the first batch, then the rest through getMore with int64 ids', async () => {
    const first = await db().command({ find: 'numbers', filter: {} }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toHaveLength(101);
    expect(first.cursor.id).toBeInstanceOf(Long);
    expect(first.cursor.id.isZero()).toBe(false);
    expect(first.cursor.ns).toBe('cursors.numbers');
    const more = await db().command({ getMore: first.cursor.id, collection: 'numbers', batchSize: 100 });
    expect(more.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual(
      Array.from({ length: 100 }, (_, i) => 101 + i),
    );
    const rest = await db().command({ getMore: first.cursor.id, collection: 'numbers' }, { promoteLongs: false });
    expect(rest.cursor.nextBatch).toHaveLength(49);
    expect(rest.cursor.id.isZero()).toBe(true);
  });

  it('iterates every document through the driver cursor with a small batchSize', async () => {
    const docs = await db().collection<TestDoc>('numbers').find({}, { batchSize: 7 }).toArray();
    expect(docs).toHaveLength(250);
    expect(docs[249]).toEqual({ _id: 249, square: 249 * 249 });
  });

  it('closes the cursor (id 0) when the first batch holds everything, and with singleBatch', async () => {
    const small = await db().command({ find: 'numbers', filter: { _id: { $lt: 5 } } }, { promoteLongs: false });
    expect(small.cursor.id.isZero()).toBe(true);
    const single = await db().command(
      { find: 'numbers', filter: {}, batchSize: 10, singleBatch: true },
      { promoteLongs: false },
    );
    expect(single.cursor.firstBatch).toHaveLength(10);
    expect(single.cursor.id.isZero()).toBe(true);
  });

  it('honours limit across batches', async () => {
    const docs = await db().collection<TestDoc>('numbers').find({}).limit(150).batchSize(40).toArray();
    expect(docs).toHaveLength(150);
  });

  it('opens a cursor with an empty first batch for batchSize 0', async () => {
    const first = await db().command({ find: 'numbers', filter: {}, batchSize: 0 }, { promoteLongs: false });
    expect(first.cursor.firstBatch).toEqual([]);
    const killed = await db().command(
      { killCursors: 'numbers', cursors: [first.cursor.id, Long.fromNumber(12345)] },
      { promoteLongs: false },
    );
    expect(killed.cursorsKilled).toEqual([first.cursor.id]);
    expect(killed.cursorsNotFound).toEqual([Long.fromNumber(12345)]);
  });

  it('answers getMore on a killed cursor with CursorNotFound', async () => {
    const first = await db().command({ find: 'numbers', filter: {}, batchSize: 2 });
    await db().command({ killCursors: 'numbers', cursors: [first.cursor.id] });
    const error = await errorOf(() => db().command({ getMore: first.cursor.id, collection: 'numbers' }));
    expect([error.code, error.codeName]).toEqual([43, 'CursorNotFound']);
  });

  it('refuses getMore from a different collection', async () => {
    const first = await db().command({ find: 'numbers', filter: {}, batchSize: 2 });
    const error = await errorOf(() => db().command({ getMore: first.cursor.id, collection: 'other' }));
    expect(error.message).toContain('cursor belongs to a different namespace');
    const bad = await errorOf(() => db().command({ getMore: 'abc', collection: 'numbers' }));
    expect(bad.codeName).toBe('TypeMismatch');
  });

  it('kills the cursor when the driver closes it early', async () => {
    const cursor = db().collection<TestDoc>('numbers').find({}, { batchSize: 5 });
    await cursor.next();
    const id = cursor.id;
    await cursor.close();
    const error = await errorOf(() => db().command({ getMore: id, collection: 'numbers' }));
    expect(error.codeName).toBe('CursorNotFound');
  });

  it('batches aggregate results the same way', async () => {
    const first = await db().command({
      aggregate: 'numbers',
      pipeline: [{ $match: { _id: { $gte: 10 } } }],
      cursor: { batchSize: 50 },
    });
    expect(first.cursor.firstBatch).toHaveLength(50);
    const docs = await db()
      .collection<TestDoc>('numbers')
      .aggregate([{ $sort: { _id: -1 } }], { batchSize: 60 })
      .toArray();
    expect(docs).toHaveLength(250);
    expect(docs[0]._id).toBe(249);
  });
});
