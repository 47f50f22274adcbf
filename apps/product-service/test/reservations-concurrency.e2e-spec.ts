import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import { type Model } from 'mongoose';
import { type TestService } from '../../../test/support/test-service';
import { type LeanProduct, Product } from '../src/products/schemas/product.schema';
import {
  createProduct,
  expectProblem,
  reservationCall,
  reserve,
  startProductService,
  stockOf,
} from './product-test-kit';

describe('product-service: reservations under concurrency', () => {
  let service: TestService;
  let products: Model<Product>;
  const holdsOf = async (id: string) => (await products.findById(id, { holds: 1 }).lean<LeanProduct>().exec())!.holds;

  beforeAll(async () => {
    service = await startProductService();
    products = service.app.get(getModelToken(Product.name));
  });
  afterAll(async () => service.close());

  it('100 concurrent reservations of one unit against a stock of 10 leave exactly 10 reserved and stock 0', async () => {
    const product = await createProduct(service, { stock: 10 });
    const ids = Array.from({ length: 100 }, () => `order-${randomUUID()}`);
    const results = await Promise.all(ids.map((id) => reserve(service, id, [{ productId: product.id, quantity: 1 }])));

    const reserved = ids.filter((_id, index) => results[index].status === 201);
    expect(reserved).toHaveLength(10);
    const refused = results.filter((result) => result.status !== 201);
    expect(refused).toHaveLength(90);
    for (const result of refused) expectProblem(result, 409, 'INSUFFICIENT_STOCK');
    expect(await stockOf(service, product.id)).toBe(0);
    expect((await holdsOf(product.id)).map((hold) => hold.r).sort()).toEqual([...reserved].sort());

    // Exactly the ten are real reservations: each can be confirmed, no refused one can.
    for (const id of reserved) expect((await reservationCall(service, id, 'confirm')).status).toBe(200);
    const refusedIds = ids.filter((id) => !reserved.includes(id));
    for (const id of refusedIds.slice(0, 5)) {
      expectProblem(await reservationCall(service, id, 'confirm'), 404, 'RESERVATION_NOT_FOUND');
    }
    expect(await stockOf(service, product.id)).toBe(0);
    expect(await holdsOf(product.id)).toEqual([]); // confirmed: settled, the units are sold
  });

  it('concurrent multi-line reservations never leave a partial decrement', async () => {
    const initial = { a: 6, b: 4, c: 9 };
    const a = await createProduct(service, { stock: initial.a });
    const b = await createProduct(service, { stock: initial.b });
    const c = await createProduct(service, { stock: initial.c });
    const shapes = [
      [
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 1 },
      ],
      [
        { productId: b.id, quantity: 1 },
        { productId: a.id, quantity: 2 },
      ],
      [
        { productId: c.id, quantity: 2 },
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 1 },
      ],
      [{ productId: c.id, quantity: 3 }],
    ];
    const requests = Array.from({ length: 40 }, (_, index) => ({
      id: `multi-${randomUUID()}`,
      lines: shapes[index % shapes.length],
    }));
    const results = await Promise.all(requests.map((request) => reserve(service, request.id, request.lines)));
    for (const result of results) expect([201, 409]).toContain(result.status);

    const succeeded = requests.filter((_request, index) => results[index].status === 201);
    expect(succeeded.length).toBeGreaterThan(0);
    const reservedOf = (productId: string) =>
      succeeded
        .flatMap((request) => request.lines)
        .reduce((sum, line) => sum + (line.productId === productId ? line.quantity : 0), 0);
    for (const [key, product] of Object.entries({ a, b, c })) {
      const stock = await stockOf(service, product.id);
      expect(stock).toBeGreaterThanOrEqual(0);
      // Every unit is either still in stock or held by a reservation that got every one of its lines.
      expect(stock + reservedOf(product.id)).toBe(initial[key as keyof typeof initial]);
      const holders = (await holdsOf(product.id)).map((hold) => hold.r).sort();
      const expected = succeeded.filter((request) => request.lines.some((line) => line.productId === product.id));
      expect(holders).toEqual(expected.map((request) => request.id).sort());
    }
    // Releasing everything that succeeded brings every product back to where it started.
    await Promise.all(succeeded.map((request) => reservationCall(service, request.id, 'release')));
    expect([await stockOf(service, a.id), await stockOf(service, b.id), await stockOf(service, c.id)]).toEqual([
      initial.a,
      initial.b,
      initial.c,
    ]);
  });

  it('the same reservation id sent 20 times at once reserves once', async () => {
    const product = await createProduct(service, { stock: 3 });
    const id = `dup-${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => reserve(service, id, [{ productId: product.id, quantity: 3 }])),
    );
    const statuses = results.map((result) => result.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    for (const result of results) {
      if (result.status === 503) expectProblem(result, 503, 'RESERVATION_IN_PROGRESS');
      else expect(result.json).toMatchObject({ reservationId: id, status: 'RESERVED' });
    }
    expect(await stockOf(service, product.id)).toBe(0);
    expect((await reserve(service, id, [{ productId: product.id, quantity: 3 }])).status).toBe(200);
    expect(await stockOf(service, product.id)).toBe(0);
  });
});
