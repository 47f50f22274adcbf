import { Logger } from '@nestjs/common';
import { type CacheStore } from '@app/cache';
import { type ServiceConfig } from '@app/config';
import { type ProductSettings } from '../product-settings';
import { CatalogCache } from './catalog.cache';
import { type ProductsMetrics } from './products.metrics';

// A store that is down (Redis unreachable): every read and invalidation fails.
const down = new Error('ECONNREFUSED');
const failingStore: CacheStore = {
  read: jest.fn(async () => Promise.reject(down)),
  write: jest.fn(async () => Promise.reject(down)),
  invalidate: jest.fn(async () => Promise.reject(down)),
  close: jest.fn(async () => undefined),
};
jest.mock('@app/cache', () => ({ ...jest.requireActual('@app/cache'), createCacheStore: () => failingStore }));

const config = { rateLimit: { redisUrl: 'redis://cache:6379' }, database: { dbName: 'products' } } as ServiceConfig;
const settings = { catalogCacheTtlSeconds: 10, catalogCacheMaxEntries: 100 } as ProductSettings;

describe('CatalogCache with its store down', () => {
  let now: number;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('serves from the database and warns at most once a minute, not once per request', async () => {
    const metrics = { cacheRead: jest.fn() };
    const cache = new CatalogCache(config, settings, metrics as unknown as ProductsMetrics);
    const load = jest.fn(async () => ({ items: ['from-db'] }));

    for (let request = 0; request < 3; request += 1) {
      await expect(cache.getOrLoad('page:1', load)).resolves.toEqual({ items: ['from-db'] });
    }
    await cache.invalidate(); // a lost invalidation is not an error for the admin write
    expect(load).toHaveBeenCalledTimes(3);
    expect(metrics.cacheRead).toHaveBeenCalledWith('error');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ operation: 'read', error: 'Error: ECONNREFUSED' }));

    now += 60_000;
    await cache.invalidate();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn).toHaveBeenLastCalledWith(expect.objectContaining({ operation: 'invalidate' }));
  });
});
