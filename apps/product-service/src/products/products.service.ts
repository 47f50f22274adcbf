import { Injectable } from '@nestjs/common';
import { type CachedJson, serializeJson } from '@app/cache';
import { toPage } from '@app/pagination';
import { buildCatalogQuery, type CatalogQuery } from './catalog-query';
import { CatalogCache } from './catalog.cache';
import { type ListProductsQuery } from './dto/list-products.query';
import { ProductRepository } from './product.repository';
import { ProductNotFoundError } from './products.errors';
import { type ProductPageView, type ProductView, toProductView } from './product.view';
import { type LeanProduct } from './schemas/product.schema';

/** What a catalog read answers with: the JSON bytes and their ETag; a hit in this process without a promise. */
export type CatalogRead = CachedJson | Promise<CachedJson>;

/**
 * Public catalog reads: cached for shoppers, straight from the database (inactive included) for admins. Both
 * are answered in their wire form (JSON bytes and ETag): a cache hit reuses the stored bytes as they are, and a
 * hit in this process is answered synchronously (every promise of a request costs on Node 20, see libs/cache).
 */
@Injectable()
export class ProductsService {
  /**
   * The resolved query of each validated query DTO: the validation pipe hands out one shared, frozen DTO per
   * distinct query string, so a repeated catalog read resolves its query (and cache key) once.
   */
  private readonly resolved = new WeakMap<ListProductsQuery, CatalogQuery>();

  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  list(query: ListProductsQuery, admin: boolean): CatalogRead {
    if (admin) {
      const built = buildCatalogQuery(query, { includeInactive: true });
      return this.loadPage(built).then(serializeJson);
    }
    const built = this.publicQuery(query);
    const key = `list:${built.cacheKey}`;
    return this.cache.peekJson(key) ?? this.cache.getOrLoadJson(key, () => this.loadPage(built)).then(definitely);
  }

  get(id: string, admin: boolean): CatalogRead {
    if (admin) return this.viewOf(this.products.findById(id)).then((view) => serializeJson(view ?? notFound(id)));
    const key = `product:${id}`;
    return (
      this.cache.peekJson(key) ??
      this.cache
        .getOrLoadJson(key, () => this.viewOf(this.products.findActiveById(id)))
        .then((found) => found ?? notFound(id))
    );
  }

  private publicQuery(query: ListProductsQuery): CatalogQuery {
    let built = this.resolved.get(query);
    if (built === undefined) {
      built = buildCatalogQuery(query, { includeInactive: false }); // throws for rules between fields: not kept
      this.resolved.set(query, built);
    }
    return built;
  }

  private async viewOf(found: Promise<LeanProduct | null>): Promise<ProductView | undefined> {
    const product = await found;
    return product ? toProductView(product) : undefined;
  }

  private async loadPage(query: CatalogQuery): Promise<ProductPageView> {
    const { items, total } = await this.products.findCatalogPage(query);
    const { window } = query;
    return { ...toPage(items.map(toProductView), window, total), totalPages: Math.ceil(total / window.pageSize) };
  }
}

/** A page is never "not found" (an empty page is a page), so the cache always has one to give. */
const definitely = (page: CachedJson | undefined): CachedJson => page!;

function notFound(id: string): never {
  throw new ProductNotFoundError(id);
}
