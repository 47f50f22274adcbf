import { Binary, Decimal128, Double, Int32, Long, MaxKey, MinKey, Timestamp, UUID } from 'mongodb';
import { errorOf, useEmulator, type TestDoc } from './support/emulator-fixture';

describe('mongo-emulator numeric and BSON types', () => {
  const fixture = useEmulator();
  const numbers = () => fixture.db('types').collection<TestDoc>('numbers');

  beforeAll(async () => {
    await numbers().insertMany([
      { _id: 'int32', n: new Int32(1) },
      { _id: 'double', n: new Double(1.5) },
      { _id: 'double-integral', n: new Double(2) },
      { _id: 'long', n: Long.fromNumber(3) },
      { _id: 'big-long', n: Long.fromNumber(2 ** 40) },
      { _id: 'negative', n: new Double(-0.5) },
    ]);
  });

  it('compares int32, double and int64 by numeric value', async () => {
    const above = await numbers()
      .find({ n: { $gt: new Int32(1) } })
      .toArray();
    expect(above.map((d) => d._id).sort()).toEqual(['big-long', 'double', 'double-integral', 'long']);
    expect((await numbers().findOne({ n: new Double(3) }))?._id).toBe('long');
    expect((await numbers().findOne({ n: Long.fromNumber(2) }))?._id).toBe('double-integral');
    expect(await numbers().countDocuments({ n: { $lte: Long.fromNumber(2 ** 40), $gte: new Double(-1) } })).toBe(6);
  });

  it('sorts mixed numeric types in numeric order', async () => {
    const sorted = await numbers().find({}).sort({ n: 1 }).toArray();
    expect(sorted.map((d) => d._id)).toEqual(['negative', 'int32', 'double', 'double-integral', 'long', 'big-long']);
  });

  it('does arithmetic across types', async () => {
    await numbers().updateOne({ _id: 'long' }, { $inc: { n: new Double(0.5) } });
    expect((await numbers().findOne({ _id: 'long' }))?.n).toBe(3.5);
    await numbers().updateOne({ _id: 'long' }, { $inc: { n: new Double(-0.5) } });
  });

  it('returns values as int32 when integral and in range, else double (documented normalisation)', async () => {
    const raw = await numbers().find({}, { promoteValues: false }).sort({ n: 1 }).toArray();
    const typeOf = (id: string) => raw.find((d) => d._id === id)?.n?._bsontype;
    expect(typeOf('int32')).toBe('Int32');
    expect(typeOf('double')).toBe('Double');
    expect(typeOf('double-integral')).toBe('Int32');
    expect(typeOf('long')).toBe('Int32');
    expect(typeOf('big-long')).toBe('Double');
  });

  it('refuses types it cannot compare correctly, naming them', async () => {
    const cases: Array<[unknown, string]> = [
      [Decimal128.fromString('9.99'), 'Decimal128 values (store money as integer minor units or doubles)'],
      [Long.fromString('9007199254740993'), '64-bit integers outside +-2^53 (they would lose precision)'],
      [new Timestamp({ t: 1, i: 1 }), 'BSON Timestamp values'],
      [new MinKey(), 'MinKey values'],
      [new MaxKey(), 'MaxKey values'],
    ];
    for (const [value, feature] of cases) {
      const insert = await errorOf(() => numbers().insertOne({ value }));
      expect([insert.code, insert.message]).toEqual([115, `mongo-emulator does not support ${feature}`]);
      const query = await errorOf(() =>
        numbers()
          .find({ n: { $gt: value } })
          .toArray(),
      );
      expect(query.code).toBe(115);
    }
    expect(await numbers().countDocuments()).toBe(6);
  });

  it('compares binary data by its bytes and UUIDs by value', async () => {
    const blobs = fixture.db('types').collection<TestDoc>('blobs');
    const uuid = new UUID();
    await blobs.insertMany([
      { _id: 1, data: new Binary(Buffer.from([0xff, 0xfe])), id: uuid },
      { _id: 2, data: new Binary(Buffer.from([0xff, 0xfd])) },
    ]);
    expect((await blobs.findOne({ data: new Binary(Buffer.from([0xff, 0xfd])) }))?._id).toBe(2);
    expect((await blobs.findOne({ id: new UUID(uuid.toHexString()) }))?._id).toBe(1);
    const found = await blobs.findOne({ _id: 1 });
    expect(Buffer.from(found?.data.buffer).equals(Buffer.from([0xff, 0xfe]))).toBe(true);
  });

  it('keeps dates and compares them chronologically', async () => {
    const events = fixture.db('types').collection<TestDoc>('events');
    await events.insertMany([{ at: new Date('2024-01-02') }, { at: new Date('2023-05-01') }]);
    const latest = await events.find({ at: { $gt: new Date('2023-12-31') } }).toArray();
    expect(latest.map((d) => d.at)).toEqual([new Date('2024-01-02')]);
  });
});
