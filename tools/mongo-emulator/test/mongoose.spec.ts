import mongoose, { Schema, type Connection } from 'mongoose';
import { startMongoEmulator, type MongoEmulator } from '../src/index';
import { errorOf } from './support/emulator-fixture';

interface Product {
  sku: string;
  name: string;
  price: number;
  stock: number;
}

describe('mongo-emulator through Mongoose 9', () => {
  let emulator: MongoEmulator;
  let connection: Connection;

  beforeAll(async () => {
    emulator = await startMongoEmulator();
    connection = await mongoose
      .createConnection(emulator.uri, { dbName: 'ecommerce_products', serverSelectionTimeoutMS: 2000 })
      .asPromise();
  });
  afterAll(async () => {
    await connection.close();
    await emulator.stop();
  });

  const productSchema = new Schema<Product>({
    sku: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    price: { type: Number, required: true },
    stock: { type: Number, default: 0 },
  });
  productSchema.index({ name: 'text' });
  const products = () => connection.model<Product>('Product', productSchema);

  beforeEach(async () => {
    await products().init();
    await products().deleteMany({});
  });

  it('raises MongoServerError 11000 with keyValue for a unique field', async () => {
    await products().create({ sku: 'A-1', name: 'Apple', price: 1 });
    const error = await errorOf(() => products().create({ sku: 'A-1', name: 'Other apple', price: 2 }));
    // Mongoose ships its own copy of the driver, so the class to check is the one it re-exports.
    expect(error).toBeInstanceOf(mongoose.mongo.MongoServerError);
    expect(error).toMatchObject({ code: 11000, keyPattern: { sku: 1 }, keyValue: { sku: 'A-1' } });
  });

  it('expires documents through a TTL index declared with `expires`', async () => {
    const Session = connection.model('Session', new Schema({ token: String, createdAt: { type: Date, expires: 1 } }));
    await Session.init();
    await Session.create([
      { token: 'old', createdAt: new Date(Date.now() - 5000) },
      { token: 'new', createdAt: new Date(Date.now() + 60_000) },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect((await Session.find().lean()).map((s) => s.token)).toEqual(['new']);
  });

  it('pages through more than 101 documents with getMore', async () => {
    await products().insertMany(
      Array.from({ length: 230 }, (_, i) => ({ sku: `S-${i}`, name: `Item ${i}`, price: i })),
    );
    const all = await products().find().sort({ price: -1 }).lean();
    expect(all).toHaveLength(230);
    expect(all[0].price).toBe(229);
    let streamed = 0;
    for await (const doc of products()
      .find({ price: { $gte: 100 } })
      .cursor({ batchSize: 25 }))
      streamed += doc.price >= 100 ? 1 : 0;
    expect(streamed).toBe(130);
  });

  it('upserts with findOneAndUpdate and applies defaults on insert', async () => {
    const created = await products()
      .findOneAndUpdate(
        { sku: 'NEW-1' },
        { $set: { name: 'Fresh', price: 3 } },
        { upsert: true, new: true, setDefaultsOnInsert: true },
      )
      .lean();
    expect(created).toMatchObject({ sku: 'NEW-1', name: 'Fresh', price: 3, stock: 0 });
    const updated = await products()
      .findOneAndUpdate({ sku: 'NEW-1' }, { $inc: { stock: 5 } }, { upsert: true, new: true })
      .lean();
    expect(updated?.stock).toBe(5);
    expect(await products().countDocuments({ sku: 'NEW-1' })).toBe(1);
  });

  it('aggregates with $group and $sort', async () => {
    await products().insertMany([
      { sku: 'a', name: 'A', price: 10, stock: 1 },
      { sku: 'b', name: 'B', price: 10, stock: 2 },
      { sku: 'c', name: 'C', price: 20, stock: 3 },
    ]);
    const byPrice = await products().aggregate<{ _id: number; stock: number }>([
      { $group: { _id: '$price', stock: { $sum: '$stock' } } },
      { $sort: { _id: -1 } },
    ]);
    expect(byPrice).toEqual([
      { _id: 20, stock: 3 },
      { _id: 10, stock: 3 },
    ]);
  });

  it('searches the text index with $text', async () => {
    await products().insertMany([
      { sku: 'r', name: 'Red apple', price: 1 },
      { sku: 'g', name: 'Green pear', price: 1 },
    ]);
    const found = await products()
      .find({ $text: { $search: 'APPLE' } }, { score: { $meta: 'textScore' } })
      .sort({ score: { $meta: 'textScore' } })
      .lean();
    expect(found.map((p) => p.sku)).toEqual(['r']);
  });

  it('compares numbers stored as int32 and double correctly', async () => {
    await products().insertMany([
      { sku: 'i', name: 'int', price: 3 },
      { sku: 'd', name: 'double', price: 2.5 },
      { sku: 'n', name: 'negative', price: -1.25 },
    ]);
    expect(
      (
        await products()
          .find({ price: { $gt: 2.75 } })
          .lean()
      ).map((p) => p.sku),
    ).toEqual(['i']);
    expect((await products().find().sort({ price: 1 }).lean()).map((p) => p.sku)).toEqual(['n', 'd', 'i']);
  });

  it('never lets 100 concurrent conditional decrements take stock below zero', async () => {
    const { _id } = await products().create({ sku: 'HOT', name: 'Hot item', price: 1, stock: 37 });
    const attempts = await Promise.all(
      Array.from({ length: 100 }, () =>
        products()
          .findOneAndUpdate({ _id, stock: { $gte: 1 } }, { $inc: { stock: -1 } }, { new: true })
          .lean(),
      ),
    );
    expect(attempts.filter((result) => result !== null)).toHaveLength(37);
    expect((await products().findById(_id).lean())?.stock).toBe(0);
  });

  it('surfaces refusals as errors through Mongoose', async () => {
    const error = await errorOf(() => products().find({ $where: 'this.price > 1' }).lean());
    expect(error.message).toBe('mongo-emulator does not support $where (server-side JavaScript)');
  });
});
