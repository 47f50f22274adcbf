import { Injectable } from '@nestjs/common';
import { toPage } from '@app/pagination';
import { buildCatalogQuery, type CatalogQuery } from './catalog-query';
import { CatalogCache } from './catalog.cache';
import { type ListProductsQuery } from './dto/list-products.query';
import { ProductRepository } from './product.repository';
import { ProductNotFoundError } from './products.errors';
import { type ProductPageView, type ProductView, toProductView } from './product.view';
import { type LeanProduct } from './schemas/product.schema';

/** Public catalog reads: cached for shoppers, straight from the database (inactive included) for admins. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async list(query: ListProductsQuery, admin: boolean): Promise<ProductPageView> {
    const built = buildCatalogQuery(query, { includeInactive: admin });
    if (admin) return this.loadPage(built);
    return (await this.cache.getOrLoad(`list:${built.cacheKey}`, () => this.loadPage(built)))!;
  }

  async get(id: string, admin: boolean): Promise<ProductView> {
    const found = admin
      ? await this.viewOf(this.products.findById(id))
      : await this.cache.getOrLoad(`product:${id}`, () => this.viewOf(this.products.findActiveById(id)));
    if (!found) throw new ProductNotFoundError(id);
    return found;
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
