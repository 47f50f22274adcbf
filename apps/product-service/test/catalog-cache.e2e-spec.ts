import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import Redis from 'ioredis';
import { type Model } from 'mongoose';
import { ServiceConfig } from '@app/config';
import { http } from '../../../test/support/http';
import { type TestService } from '../../../test/support/test-service';
import { Product } from '../src/products/schemas/product.schema';
import { createProduct, startProductService, tokens } from './product-test-kit';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const publicPrice = async (service: TestService, id: string) =>
  (await http(service.baseUrl, `/api/v1/products/${id}`)).json.price;
const listedSkus = async (service: TestService, query: string) =>
  ((await http(service.baseUrl, `/api/v1/products${query}`)).json.items as { sku: string }[]).map((item) => item.sku);
const patch = (service: TestService, id: string, json: unknown) =>
  http(service.baseUrl, `/api/v1/products/${id}`, { method: 'PATCH', token: tokens.admin, json });
/** A change that bypasses the service, as if the invalidation of the replica that made it had been lost. */
const changeBehindTheCache = (service: TestService, id: string, price: number) =>
  service.app.get<Model<Product>>(getModelToken(Product.name)).updateOne({ _id: id }, { $set: { price } });

describe('product-service: catalog cache in the process', () => {
  let service: TestService;
  beforeAll(async () => (service = await startProductService({ CATALOG_CACHE_TTL_SECONDS: '1' })));
  afterAll(async () => service.close());

  it('serves repeated public reads from the cache, and admins from the database', async () => {
    const product = await createProduct(service, { price: 100 });
    expect(await publicPrice(service, product.id)).toBe(100);
    await changeBehindTheCache(service, product.id, 111);
    expect(await publicPrice(service, product.id)).toBe(100);
    expect((await http(service.baseUrl, `/api/v1/products/${product.id}`, { token: tokens.admin })).json.price).toBe(
      111,
    );
    const metrics = (await http(service.baseUrl, '/metrics')).text;
    expect(metrics).toMatch(/product_catalog_cache_requests_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/product_catalog_cache_requests_total\{result="miss"\} [1-9]/);
    await sleep(1_100); // the bound: never older than CATALOG_CACHE_TTL_SECONDS
    expect(await publicPrice(service, product.id)).toBe(111);
  });

  it('shows an admin change at once: price, deactivation, stock, new products', async () => {
    const product = await createProduct(service, { price: 500, category: 'cache-a' });
    expect(await publicPrice(service, product.id)).toBe(500);
    expect(await listedSkus(service, '?category=cache-a')).toEqual([product.sku]);

    await patch(service, product.id, { price: 450 });
    expect(await publicPrice(service, product.id)).toBe(450);
    const listed = await http(service.baseUrl, '/api/v1/products?category=cache-a');
    expect((listed.json.items as { price: number }[])[0].price).toBe(450);

    await http(service.baseUrl, `/api/v1/products/${product.id}/stock`, {
      method: 'POST',
      token: tokens.admin,
      json: { set: 0 },
    });
    expect(await listedSkus(service, '?category=cache-a&inStock=true')).toEqual([]);

    const second = await createProduct(service, { category: 'cache-a' });
    expect(await listedSkus(service, '?category=cache-a')).toEqual([second.sku, product.sku]);

    await http(service.baseUrl, `/api/v1/products/${product.id}`, { method: 'DELETE', token: tokens.admin });
    expect((await http(service.baseUrl, `/api/v1/products/${product.id}`)).status).toBe(404);
    expect(await listedSkus(service, '?category=cache-a')).toEqual([second.sku]);
  });
});

describe('product-service: two replicas with their own in-process caches', () => {
  let replicas: TestService[];
  beforeAll(async () => {
    const env = { MONGODB_DB_NAME: `test_cache_${randomUUID().slice(0, 8)}`, CATALOG_CACHE_TTL_SECONDS: '1' };
    replicas = [await startProductService(env), await startProductService(env)];
  });
  afterAll(async () => Promise.all(replicas.map((replica) => replica.close())));

  it('may serve the old price on the other replica, but never longer than the TTL', async () => {
    const [a, b] = replicas;
    const product = await createProduct(a, { price: 700 });
    expect(await publicPrice(b, product.id)).toBe(700);
    const changedAt = Date.now();
    await patch(a, product.id, { price: 650 });
    expect(await publicPrice(a, product.id)).toBe(650);
    let seen = await publicPrice(b, product.id);
    while (seen !== 650 && Date.now() - changedAt < 3_000) {
      await sleep(50);
      seen = await publicPrice(b, product.id);
    }
    expect(seen).toBe(650);
    expect(Date.now() - changedAt).toBeLessThan(2_000); // the 1 s TTL, plus request time on a busy machine
  });
});

describe('product-service: catalog cache shared in Redis', () => {
  // A real Redis: REDIS_URL, or the one every development and CI machine runs on 127.0.0.1:6379.
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let replicas: TestService[];
  beforeAll(async () => {
    const env = {
      MONGODB_DB_NAME: `test_cache_${randomUUID().slice(0, 8)}`,
      CATALOG_CACHE_TTL_SECONDS: '1',
      REDIS_URL: redisUrl,
    };
    replicas = [await startProductService(env), await startProductService(env)];
    await sleep(200); // both replicas connected to Redis
  });
  afterAll(async () => {
    const dbName = replicas[0].app.get(ServiceConfig).database.dbName;
    await Promise.all(replicas.map((replica) => replica.close()));
    const redis = new Redis(redisUrl);
    const keys = await redis.keys(`{catalog:${dbName}}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('shares entries: a read on one replica is a hit on the other', async () => {
    const [a, b] = replicas;
    const product = await createProduct(a, { price: 300 });
    expect(await publicPrice(a, product.id)).toBe(300);
    await changeBehindTheCache(a, product.id, 333);
    expect(await publicPrice(b, product.id)).toBe(300);
  });

  it('invalidates every replica at once when one of them changes a product', async () => {
    const [a, b] = replicas;
    const product = await createProduct(a, { price: 800, category: 'cache-redis' });
    expect(await publicPrice(b, product.id)).toBe(800);
    expect(await listedSkus(b, '?category=cache-redis')).toEqual([product.sku]);
    await patch(a, product.id, { price: 750 });
    expect(await publicPrice(b, product.id)).toBe(750);
    await http(a.baseUrl, `/api/v1/products/${product.id}`, { method: 'DELETE', token: tokens.admin });
    expect((await http(b.baseUrl, `/api/v1/products/${product.id}`)).status).toBe(404);
    expect(await listedSkus(b, '?category=cache-redis')).toEqual([]);
  });

  it('bounds staleness by the TTL when an invalidation is lost', async () => {
    const [a, b] = replicas;
    const product = await createProduct(a, { price: 900 });
    expect(await publicPrice(b, product.id)).toBe(900);
    await changeBehindTheCache(a, product.id, 950);
    expect(await publicPrice(a, product.id)).toBe(900);
    await sleep(1_100);
    expect(await publicPrice(a, product.id)).toBe(950);
    expect(await publicPrice(b, product.id)).toBe(950);
  });
});
