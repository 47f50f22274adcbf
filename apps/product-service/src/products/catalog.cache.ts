import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { type CachedJson, createCacheStore, ReadThroughCache } from '@app/cache';
import { ServiceConfig } from '@app/config';
import { ProductSettings } from '../product-settings';
import { ProductsMetrics } from './products.metrics';

/**
 * The cache of public catalog reads (docs/decisions/0007-catalog-cache.md): in this process by default, in
 * Redis when REDIS_URL is set. Every admin write invalidates it after the database write; entries live at
 * most CATALOG_CACHE_TTL_SECONDS, which bounds staleness when an invalidation is lost.
 */
@Injectable()
export class CatalogCache implements OnApplicationShutdown {
  private readonly logger = new Logger(CatalogCache.name);
  private readonly cache: ReadThroughCache;
  private lastWarning = 0;

  constructor(config: ServiceConfig, settings: ProductSettings, metrics: ProductsMetrics) {
    const redisUrl = config.rateLimit.redisUrl;
    const store = createCacheStore({
      redisUrl,
      namespace: `catalog:${config.database.dbName}`,
      maxEntries: settings.catalogCacheMaxEntries,
    });
    this.cache = new ReadThroughCache(store, {
      ttlMs: settings.catalogCacheTtlSeconds * 1000,
      onOutcome: (result) => metrics.cacheRead(result),
      onError: (operation, error) => this.warnAtMostEveryMinute(operation, error),
    });
    this.logger.log({
      msg: 'catalog cache configured',
      backend: redisUrl ? 'redis' : 'memory',
      ttlSeconds: settings.catalogCacheTtlSeconds,
    });
  }

  getOrLoad<T>(key: string, load: () => Promise<T | undefined>): Promise<T | undefined> {
    return this.cache.getOrLoad(key, load);
  }

  /** The read in its wire form: the stored JSON bytes and their ETag, both made once per stored entry. */
  getOrLoadJson<T>(key: string, load: () => Promise<T | undefined>): Promise<CachedJson | undefined> {
    return this.cache.getOrLoadJson(key, load);
  }

  /** A hit held in this process, without a promise; undefined otherwise (then read with getOrLoadJson). */
  peekJson(key: string): CachedJson | undefined {
    return this.cache.peekJson(key);
  }

  invalidate(): Promise<void> {
    return this.cache.invalidate();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }

  private warnAtMostEveryMinute(operation: string, error: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({ msg: 'catalog cache unavailable; serving from the database', operation, error: String(error) });
  }
}
