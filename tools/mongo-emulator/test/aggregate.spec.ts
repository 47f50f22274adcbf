import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator aggregate', () => {
  const fixture = useEmulator();
  const db = () => fixture.db('shop');

  beforeAll(async () => {
    await db()
      .collection<TestDoc>('orders')
      .insertMany([
        { _id: 1, customer: 'ada', total: 30, items: ['a', 'b'] },
        { _id: 2, customer: 'bob', total: 10, items: ['a'] },
        { _id: 3, customer: 'ada', total: 5, items: [] },
      ]);
    await db()
      .collection<TestDoc>('customers')
      .insertMany([
        { _id: 'ada', country: 'UK' },
        { _id: 'bob', country: 'NL' },
      ]);
  });

  it('groups and sorts', async () => {
    const totals = await db()
      .collection<TestDoc>('orders')
      .aggregate([
        { $group: { _id: '$customer', spent: { $sum: '$total' }, orders: { $sum: 1 } } },
        { $sort: { spent: -1 } },
      ])
      .toArray();
    expect(totals).toEqual([
      { _id: 'ada', spent: 35, orders: 2 },
      { _id: 'bob', spent: 10, orders: 1 },
    ]);
  });

  it('joins another collection of the same database with $lookup', async () => {
    const joined = await db()
      .collection<TestDoc>('orders')
      .aggregate([
        { $match: { _id: 2 } },
        { $lookup: { from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' } },
        { $unwind: '$who' },
        { $set: { 'who.seen': true } },
      ])
      .toArray();
    expect(joined[0].who).toEqual({ _id: 'bob', country: 'NL', seen: true });
    expect(await db().collection<TestDoc>('customers').findOne({ _id: 'bob' })).toEqual({ _id: 'bob', country: 'NL' });
  });

  it('never changes stored documents through $set stages', async () => {
    await db()
      .collection<TestDoc>('orders')
      .aggregate([{ $set: { total: 0 } }])
      .toArray();
    expect((await db().collection<TestDoc>('orders').findOne({ _id: 1 }))?.total).toBe(30);
  });

  it('counts with countDocuments (a $group pipeline) and uses let variables', async () => {
    expect(await db().collection<TestDoc>('orders').countDocuments({ customer: 'ada' })).toBe(2);
    const big = await db()
      .collection<TestDoc>('orders')
      .aggregate([{ $match: { $expr: { $gt: ['$total', '$$min'] } } }], { let: { min: 8 } })
      .toArray();
    expect(big.map((d) => d._id)).toEqual([1, 2]);
  });

  it('runs a database-level $documents pipeline', async () => {
    const docs = await db()
      .aggregate([{ $documents: [{ x: 1 }, { x: 2 }] }, { $match: { x: 2 } }])
      .toArray();
    expect(docs).toEqual([{ x: 2 }]);
  });

  it('returns an empty result for a missing collection', async () => {
    expect(
      await db()
        .collection<TestDoc>('none')
        .aggregate([{ $match: {} }])
        .toArray(),
    ).toEqual([]);
  });

  it('rejects malformed commands', async () => {
    expect((await errorOf(() => db().command({ aggregate: 'orders', pipeline: [] }))).codeName).toBe('FailedToParse');
    expect((await errorOf(() => db().command({ aggregate: 'orders', pipeline: 'x', cursor: {} }))).codeName).toBe(
      'TypeMismatch',
    );
    expect((await errorOf(() => db().command({ aggregate: true, pipeline: [], cursor: {} }))).codeName).toBe(
      'FailedToParse',
    );
    expect(
      (
        await errorOf(() =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $bogus: 1 }])
            .toArray(),
        )
      ).message,
    ).toContain('$bogus');
  });

  it('refuses $out, $merge, change streams, explain, $meta and database-level stages', async () => {
    const refusals: Array<[() => Promise<unknown>, string]> = [
      [
        () =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $out: 'copy' }])
            .toArray(),
        'the $out aggregation stage',
      ],
      [
        () =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $merge: { into: 'copy' } }])
            .toArray(),
        'the $merge aggregation stage',
      ],
      [
        () =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $project: { s: { $meta: 'searchScore' } } }])
            .toArray(),
        '$meta in aggregation pipelines',
      ],
      [() => db().command({ aggregate: 'orders', pipeline: [], explain: true }), 'explain'],
      [
        () =>
          db()
            .aggregate([{ $listLocalSessions: {} }])
            .toArray(),
        'the $listLocalSessions stage',
      ],
      [
        () =>
          db()
            .aggregate([{ $match: {} }])
            .toArray(),
        'database-level aggregations other than $documents',
      ],
      [
        () =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $group: { _id: null, x: { $accumulator: {} } } }])
            .toArray(),
        '$accumulator (server-side JavaScript)',
      ],
      [
        () =>
          db()
            .collection<TestDoc>('orders')
            .aggregate([{ $project: { x: { $function: {} } } }])
            .toArray(),
        '$function (server-side JavaScript)',
      ],
    ];
    for (const [action, feature] of refusals) {
      const error = await errorOf(action);
      expect([error.code, error.message]).toEqual([115, `mongo-emulator does not support ${feature}`]);
    }
  });

  it('refuses change streams opened with watch()', async () => {
    const stream = db().collection<TestDoc>('orders').watch();
    const error = await errorOf(() => stream.tryNext());
    expect(error.message).toBe('mongo-emulator does not support change streams');
    await stream.close();
  });
});
