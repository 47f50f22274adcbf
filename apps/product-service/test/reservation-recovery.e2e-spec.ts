import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import { type Model, Types } from 'mongoose';
import { eventually, http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import { ProductRepository } from '../src/products/product.repository';
import { Product } from '../src/products/schemas/product.schema';
import { ReservationsSweeper } from '../src/reservations/reservations.sweeper';
import { Reservation } from '../src/reservations/schemas/reservation.schema';
import {
  createProduct,
  expectProblem,
  reservationCall,
  reserve,
  startProductService,
  stockOf,
} from './product-test-kit';

const expiredCount = (metrics: string) =>
  Number(/product_stock_reservation_transitions_total\{transition="expired"\} (\d+)/.exec(metrics)?.[1] ?? 0);

describe('product-service: automatic expiry with two replicas sweeping', () => {
  let replicas: TestService[];

  beforeAll(async () => {
    const shared = { MONGODB_DB_NAME: `test_expiry_${randomUUID().slice(0, 8)}` };
    const env = { ...shared, RESERVATION_TTL_SECONDS: '1', RESERVATION_SWEEP_INTERVAL_MS: '100' };
    replicas = [await startProductService(env), await startProductService(env)];
  });
  afterAll(async () => Promise.all(replicas.map((replica) => replica.close())));

  it('returns the stock of each unconfirmed reservation exactly once, and leaves confirmed ones alone', async () => {
    const [one, two] = replicas;
    const product = await createProduct(one, { stock: 100 });
    const ids = Array.from({ length: 12 }, () => `order-${randomUUID()}`);
    const results = await Promise.all(
      ids.map((id, index) => reserve(index % 2 ? one : two, id, [{ productId: product.id, quantity: 3 }])),
    );
    expect(results.map((result) => result.status)).toEqual(ids.map(() => 201));
    const [confirmed, ...unconfirmed] = ids;
    expect((await reservationCall(one, confirmed, 'confirm')).status).toBe(200);
    expect(await stockOf(one, product.id)).toBe(64);

    await eventually(async () => (await stockOf(two, product.id)) === 97, 10_000, 100);
    const metrics = await Promise.all(replicas.map(async (replica) => (await http(replica.baseUrl, '/metrics')).text));
    expect(expiredCount(metrics[0]) + expiredCount(metrics[1])).toBe(unconfirmed.length);
    await new Promise((resolve) => setTimeout(resolve, 500)); // more sweeps: still exactly once
    expect(await stockOf(one, product.id)).toBe(97);

    expectProblem(await reservationCall(two, unconfirmed[0], 'confirm'), 409, 'RESERVATION_RELEASED');
    expectProblem(
      await reserve(one, unconfirmed[1], [{ productId: product.id, quantity: 3 }]),
      409,
      'RESERVATION_RELEASED',
    );
    expect((await reservationCall(one, unconfirmed[2], 'release')).json.status).toBe('RELEASED');
    expect((await reservationCall(two, confirmed, 'confirm')).status).toBe(200);
    expect(await stockOf(one, product.id)).toBe(97);
  });
});

describe('product-service: recovery from a crash at each step', () => {
  let service: TestService;
  let products: Model<Product>;
  let reservations: Model<Reservation>;
  const later = () => new Date(Date.now() + 3600_000);

  beforeAll(async () => {
    // The background sweeper stays out of the way; each test sweeps at a chosen moment.
    service = await startProductService({ RESERVATION_TTL_SECONDS: '60', RESERVATION_SWEEP_INTERVAL_MS: '600000' });
    products = service.app.get(getModelToken(Product.name));
    reservations = service.app.get(getModelToken(Reservation.name));
  });
  afterAll(async () => service.close());

  it('a caller that crashed after holding a line: a retry takes over, and the stale hold is returned', async () => {
    const product = await createProduct(service, { stock: 10 });
    const id = `order-${randomUUID()}`;
    const longAgo = new Date(Date.now() - 60_000);
    const lines = [{ productId: new Types.ObjectId(product.id), quantity: 2 }];
    await reservations.collection.insertOne({
      _id: id as never,
      status: 'PENDING',
      attempt: 'crashed',
      lines,
      expiresAt: new Date(Date.now() + 60_000),
      settled: false,
      createdAt: longAgo,
      updatedAt: longAgo,
    });
    await service.app.get(ProductRepository).holdStock(product.id, id, 'crashed', 2);
    expect(await stockOf(service, product.id)).toBe(8);

    const retried = await reserve(service, id, [{ productId: product.id, quantity: 2 }]);
    expect(retried.status).toBe(201);
    expect(await stockOf(service, product.id)).toBe(6); // the crashed attempt's hold is not the reservation's
    expect(await service.app.get(ReservationsSweeper).returnOrphans(later())).toBe(1);
    expect(await service.app.get(ReservationsSweeper).returnOrphans(later())).toBe(0);
    expect(await stockOf(service, product.id)).toBe(8);
    expect((await reservationCall(service, id, 'release')).status).toBe(200);
    expect(await stockOf(service, product.id)).toBe(10);
  });

  it('a sweeper that crashed after marking a reservation expired: its holds are returned later, once', async () => {
    const product = await createProduct(service, { stock: 5 });
    const id = `order-${randomUUID()}`;
    await reserve(service, id, [{ productId: product.id, quantity: 4 }]);
    await reservations.updateOne({ _id: id }, { $set: { status: 'EXPIRED' } });
    expect(await stockOf(service, product.id)).toBe(1);
    await service.app.get(ReservationsSweeper).sweep(later());
    await service.app.get(ReservationsSweeper).sweep(later());
    expect(await stockOf(service, product.id)).toBe(5);
  });

  it('a confirmation that crashed before settling: the sweeper settles, and a later release returns once', async () => {
    const product = await createProduct(service, { stock: 5 });
    const id = `order-${randomUUID()}`;
    await reserve(service, id, [{ productId: product.id, quantity: 2 }]);
    await reservations.updateOne({ _id: id }, { $set: { status: 'CONFIRMED', confirmedAt: new Date() } });
    await service.app.get(ReservationsSweeper).sweep(later());
    const holds = await products.findById(product.id, { holds: 1 }).lean();
    expect(holds?.holds).toEqual([]);
    expect(await stockOf(service, product.id)).toBe(3);
    await Promise.all([reservationCall(service, id, 'release'), reservationCall(service, id, 'release')]);
    expect(await stockOf(service, product.id)).toBe(5);
  });

  it('a release of a confirmed reservation that crashed half way: finished by the sweeper, each line once', async () => {
    const a = await createProduct(service, { stock: 5 });
    const b = await createProduct(service, { stock: 5 });
    const id = `order-${randomUUID()}`;
    await reserve(service, id, [
      { productId: a.id, quantity: 1 },
      { productId: b.id, quantity: 2 },
    ]);
    await reservationCall(service, id, 'confirm');
    const stored = await reservations.findById(id).lean();
    await reservations.updateOne({ _id: id }, { $set: { status: 'RELEASING' } });
    await service.app.get(ProductRepository).returnConfirmedLine(a.id, id, stored!.attempt, 1); // then the crash
    expect([await stockOf(service, a.id), await stockOf(service, b.id)]).toEqual([5, 3]);

    await service.app.get(ReservationsSweeper).sweep(later());
    expect([await stockOf(service, a.id), await stockOf(service, b.id)]).toEqual([5, 5]);
    expect((await reservationCall(service, id, 'release')).status).toBe(200);
    expectProblem(await reservationCall(service, id, 'confirm'), 409, 'RESERVATION_RELEASED');
    expect([await stockOf(service, a.id), await stockOf(service, b.id)]).toEqual([5, 5]);
  });
});
