import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator $text (simple term match over text-indexed fields)', () => {
  const fixture = useEmulator();
  const products = () => fixture.db('catalog').collection<TestDoc>('products');

  beforeAll(async () => {
    await products().insertMany([
      { _id: 1, name: 'Red Apple', description: 'Crisp and sweet apple', category: 'fruit' },
      { _id: 2, name: 'Green apple', description: 'Sour', category: 'fruit' },
      { _id: 3, name: 'Banana', description: 'Yellow and SWEET', category: 'fruit' },
      { _id: 4, name: 'Café crème', description: 'Hot drink', category: 'drinks' },
      { _id: 5, name: 'Apple juice', description: 'Pressed apples', category: 'drinks' },
    ]);
  });

  it('refuses $text without a text index, like the server', async () => {
    const error = await errorOf(() =>
      products()
        .find({ $text: { $search: 'apple' } })
        .toArray(),
    );
    expect([error.code, error.message]).toEqual([27, 'text index required for $text query']);
    await products().createIndex({ name: 'text', description: 'text' });
  });

  it('matches any term, case-insensitively, on whole words of the indexed fields', async () => {
    const ids = (
      await products()
        .find({ $text: { $search: 'APPLE sweet' } })
        .toArray()
    ).map((d) => d._id);
    expect(ids).toEqual([1, 2, 3, 5]);
  });

  it('ignores diacritics and combines with other filter conditions', async () => {
    const docs = await products()
      .find({ $text: { $search: 'cafe creme' }, category: 'drinks' })
      .toArray();
    expect(docs.map((d) => d._id)).toEqual([4]);
  });

  it('requires every quoted phrase and drops documents with a negated term', async () => {
    expect(
      (
        await products()
          .find({ $text: { $search: '"apple juice"' } })
          .toArray()
      ).map((d) => d._id),
    ).toEqual([5]);
    expect(
      (
        await products()
          .find({ $text: { $search: 'apple -sour -"pressed apples"' } })
          .toArray()
      ).map((d) => d._id),
    ).toEqual([1]);
  });

  it('sorts and projects by { $meta: "textScore" } (number of matching words)', async () => {
    const docs = await products()
      .find({ $text: { $search: 'apple sweet' } }, { projection: { score: { $meta: 'textScore' }, name: 1 } })
      .sort({ score: { $meta: 'textScore' } })
      .toArray();
    expect(docs[0]).toEqual({ _id: 1, name: 'Red Apple', score: 3 });
    expect(docs.map((d) => d.score)).toEqual([3, 1, 1, 1]);
    const excluded = await products()
      .find({ $text: { $search: 'banana' } }, { projection: { description: 0, s: { $meta: 'textScore' } } })
      .toArray();
    expect(excluded).toEqual([{ _id: 3, name: 'Banana', category: 'fruit', s: 1 }]);
  });

  it('works in count, delete filters and a leading aggregate $match', async () => {
    expect(await products().countDocuments({ $text: { $search: 'banana' } })).toBe(1);
    const grouped = await products()
      .aggregate([
        { $match: { $text: { $search: 'apple' } } },
        { $group: { _id: '$category', n: { $sum: 1 } } },
        { $sort: { _id: 1 } },
      ])
      .toArray();
    expect(grouped).toEqual([
      { _id: 'drinks', n: 1 },
      { _id: 'fruit', n: 2 },
    ]);
  });

  it('indexes every string field with a $** text index', async () => {
    const notes = fixture.db('catalog').collection<TestDoc>('notes');
    await notes.insertMany([{ body: { deep: ['hidden treasure'] } }, { body: 'nothing here' }]);
    await notes.createIndex({ '$**': 'text' });
    expect(await notes.countDocuments({ $text: { $search: 'treasure' } })).toBe(1);
  });

  it('refuses what it does not implement', async () => {
    const cases: Array<[object, string]> = [
      [
        { $or: [{ $text: { $search: 'x' } }, { category: 'x' }] },
        'mongo-emulator does not support $text anywhere but the top level of a filter',
      ],
      [
        { $text: { $search: 'x', $caseSensitive: true } },
        'mongo-emulator does not support $text with $caseSensitive: true',
      ],
      [
        { $text: { $search: 'x', $diacriticSensitive: true } },
        'mongo-emulator does not support $text with $diacriticSensitive: true',
      ],
    ];
    for (const [filter, message] of cases)
      expect((await errorOf(() => products().find(filter).toArray())).message).toBe(message);
    expect(
      (
        await errorOf(() =>
          products()
            .find({ $text: {} } as never)
            .toArray(),
        )
      ).message,
    ).toBe('$text requires a $search string');
    expect(
      (
        await errorOf(() =>
          products()
            .aggregate([{ $match: { name: 'x' } }, { $match: { $text: { $search: 'x' } } }])
            .toArray(),
        )
      ).message,
    ).toBe('mongo-emulator does not support $text anywhere but the first $match stage');
    expect(
      (
        await errorOf(() =>
          products()
            .find({})
            .sort({ s: { $meta: 'textScore' } })
            .toArray(),
        )
      ).message,
    ).toContain('text score metadata');
    expect(
      (
        await errorOf(() =>
          products()
            .find({}, { projection: { s: { $meta: 'indexKey' } } })
            .toArray(),
        )
      ).message,
    ).toBe('mongo-emulator does not support $meta: "indexKey"');
  });
});
