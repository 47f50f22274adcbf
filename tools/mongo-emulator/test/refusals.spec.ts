import { MongoClient } from 'mongodb';
import { errorOf, useEmulator } from './support/emulator-fixture';

const notSupported = (feature: string) => ({
  code: 115,
  codeName: 'CommandNotSupported',
  message: `mongo-emulator does not support ${feature}`,
});

describe('mongo-emulator refuses what it does not implement, naming the feature', () => {
  const fixture = useEmulator();
  const db = () => fixture.db('refusals');
  const places = () => db().collection('places');

  beforeAll(() => places().insertOne({ name: 'x', loc: { type: 'Point', coordinates: [0, 0] } }));

  it('refuses transactions', async () => {
    const session = fixture.client.startSession();
    try {
      session.startTransaction();
      const error = await errorOf(() => places().insertOne({ name: 'in-txn' }, { session }));
      expect(error).toMatchObject({ code: 115, message: 'mongo-emulator does not support transactions' });
    } finally {
      await session.endSession();
    }
    expect(await places().countDocuments({ name: 'in-txn' })).toBe(0);
    for (const command of [{ commitTransaction: 1 }, { abortTransaction: 1 }]) {
      expect(await errorOf(() => fixture.db('admin').command(command))).toMatchObject(notSupported('transactions'));
    }
  });

  it('refuses server-side JavaScript', async () => {
    expect(await errorOf(() => places().find({ $where: 'this.name == "x"' }).toArray())).toMatchObject(
      notSupported('$where (server-side JavaScript)'),
    );
    const fn = { $expr: { $function: { body: 'function() { return true }', args: [], lang: 'js' } } };
    expect(await errorOf(() => places().find(fn).toArray())).toMatchObject(
      notSupported('$function (server-side JavaScript)'),
    );
  });

  it('refuses geospatial queries', async () => {
    const near = { loc: { $near: { $geometry: { type: 'Point', coordinates: [0, 0] } } } };
    expect(await errorOf(() => places().find(near).toArray())).toMatchObject(
      notSupported('geospatial queries ($near)'),
    );
    const within = { loc: { $geoWithin: { $centerSphere: [[0, 0], 1] } } };
    expect(await errorOf(() => places().deleteMany(within))).toMatchObject(
      notSupported('geospatial queries ($geoWithin)'),
    );
    const geoNear = [{ $geoNear: { near: [0, 0], distanceField: 'd' } }];
    expect(await errorOf(() => places().aggregate(geoNear).toArray())).toMatchObject(
      notSupported('geospatial queries ($geoNear)'),
    );
    expect(
      await errorOf(() =>
        places()
          .find({ loc: { $jsonSchema: {} } })
          .toArray(),
      ),
    ).toMatchObject(notSupported('$jsonSchema'));
  });

  it('refuses unknown commands with CommandNotFound', async () => {
    const error = await errorOf(() => db().command({ frobnicate: 1 }));
    expect(error).toMatchObject({
      code: 59,
      codeName: 'CommandNotFound',
      message: "mongo-emulator does not support the command 'frobnicate' (no such command)",
    });
  });

  it('refuses known server commands it does not implement', async () => {
    const cases: Array<[object, string]> = [
      [{ serverStatus: 1 }, 'serverStatus'],
      [{ collMod: 'places' }, 'collMod'],
      [{ renameCollection: 'refusals.places', to: 'refusals.spots' }, 'renameCollection'],
      [{ mapReduce: 'places', map: 'x', reduce: 'y', out: { inline: 1 } }, 'mapReduce'],
      [{ explain: { find: 'places' } }, 'explain'],
      [{ dbStats: 1 }, 'dbStats'],
    ];
    for (const [command, feature] of cases)
      expect(await errorOf(() => db().command(command))).toMatchObject(notSupported(feature));
  });

  it('refuses non-simple collations instead of comparing differently', async () => {
    const collation = { locale: 'en', strength: 2 };
    expect(await errorOf(() => places().find({ name: 'X' }, { collation }).toArray())).toMatchObject(
      notSupported('collations (only the simple binary collation is implemented)'),
    );
    expect(await errorOf(() => places().updateOne({ name: 'X' }, { $set: { a: 1 } }, { collation }))).toMatchObject({
      code: 115,
    });
    expect(await errorOf(() => places().deleteOne({ name: 'X' }, { collation }))).toMatchObject({ code: 115 });
    expect(
      await places()
        .find({ name: 'x' }, { collation: { locale: 'simple' } })
        .toArray(),
    ).toHaveLength(1);
  });

  it('refuses collection options that change storage or validation', async () => {
    expect(await errorOf(() => db().createCollection('capped', { capped: true, size: 1024 }))).toMatchObject(
      notSupported('capped collections'),
    );
    expect(
      await errorOf(() => db().createCollection('validated', { validator: { a: { $exists: true } } })),
    ).toMatchObject(notSupported('collection validators'));
    expect(await errorOf(() => db().createCollection('view', { viewOn: 'places', pipeline: [] }))).toMatchObject(
      notSupported('views'),
    );
    expect(await errorOf(() => db().createCollection('ts', { timeseries: { timeField: 't' } }))).toMatchObject(
      notSupported('time series collections'),
    );
  });

  it('refuses find options it cannot honour', async () => {
    expect(await errorOf(() => db().command({ find: 'places', tailable: true }))).toMatchObject(
      notSupported("find with 'tailable'"),
    );
    expect(await errorOf(() => db().command({ find: 'places', min: { a: 1 } }))).toMatchObject(
      notSupported("find with 'min'"),
    );
  });

  it('refuses authentication: connect without credentials', async () => {
    const uri = fixture.emulator.uri.replace('mongodb://', 'mongodb://user:secret@');
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1500 });
    const error = await errorOf(() => client.connect());
    expect(error.message).toContain('mongo-emulator does not support authentication');
    await client.close();
  });
});
