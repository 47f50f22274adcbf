import { Injectable } from '@nestjs/common';
import { type CacheOutcome } from '@app/cache';
import { MetricsService } from '@app/metrics';
import { type Counter } from 'prom-client';

/** Business counters of the catalog: how public reads are served. */
@Injectable()
export class ProductsMetrics {
  private readonly cacheRequests: Counter<'result'>;

  constructor(metrics: MetricsService) {
    this.cacheRequests = metrics.counter(
      'product_catalog_cache_requests_total',
      'Public catalog reads by cache result.',
      ['result'],
    );
  }

  cacheRead(result: CacheOutcome): void {
    this.cacheRequests.inc({ result });
  }
}
