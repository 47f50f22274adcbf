import { Injectable, Logger } from '@nestjs/common';
import { ServiceConfig } from '@app/config';
import { UpstreamUnavailableError } from '@app/errors';
import { UpstreamClient, UpstreamClientFactory, UpstreamResponseError } from '@app/http-client';
import { CartSettings } from '../cart-settings';
import { type CatalogProduct, ProductLookup } from './catalog-product';
import { parseCatalogAnswer } from './parse-catalog-answer';

/** The internal endpoint takes at most this many ids per call. */
export const IDS_PER_CALL = 100;

/**
 * Current name, price, stock and status of products, from product-service with this service's own token.
 * One attempt per call (no retries): every cart answer then arrives within HTTP_TIMEOUT_MS, and a failure
 * is a fast 503 for writes or a stale view for reads (docs/decisions/0010-cart.md).
 */
@Injectable()
export class ProductCatalog {
  private readonly logger = new Logger(ProductCatalog.name);
  private readonly client: UpstreamClient;
  private readonly retryAfterSeconds: number;

  constructor(factory: UpstreamClientFactory, config: ServiceConfig, settings: CartSettings) {
    this.client = factory.client('product-service', settings.productServiceUrl);
    this.retryAfterSeconds = Math.ceil(config.http.breakerResetMs / 1000);
  }

  async lookup(productIds: Iterable<string>): Promise<ProductLookup> {
    const ids = [...new Set(productIds)];
    if (ids.length === 0) return ProductLookup.empty();
    const chunks: string[][] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_CALL) chunks.push(ids.slice(start, start + IDS_PER_CALL));
    const answers = await Promise.all(chunks.map((chunk) => this.fetchChunk(chunk)));
    return new ProductLookup(new Set(ids), answers.flat());
  }

  private async fetchChunk(ids: string[]): Promise<CatalogProduct[]> {
    try {
      const response = await this.client.request<unknown>({
        method: 'GET',
        path: `/internal/v1/products?ids=${ids.join(',')}`,
        credentials: 'service',
        idempotent: false,
      });
      return parseCatalogAnswer(response.body);
    } catch (error) {
      if (error instanceof UpstreamUnavailableError) throw error;
      // A 4xx here (token refused, request rejected) or an unreadable answer is a fault between the services,
      // not the shopper's: logged for operators, and reported to the shopper as the upstream being unavailable.
      const status = error instanceof UpstreamResponseError ? error.status : undefined;
      this.logger.error({ msg: 'product-service lookup failed', status, code: (error as { code?: string }).code });
      throw new UpstreamUnavailableError('product-service', this.retryAfterSeconds);
    }
  }
}
