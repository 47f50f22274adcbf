import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { pageWindow, toPage } from '@app/pagination';
import { buildCatalogQuery, type CatalogQuery } from './catalog-query';
import { CatalogCache } from './catalog-cache';
import { type ListProductsQuery } from './dto/list-products.query';
import { ProductNotFoundError } from './products.errors';
import { type ProductPageView, type ProductView, toProductView } from './product.view';
import { type LeanProduct, Product } from './schemas/product.schema';

/** Public catalog reads: cached for shoppers, straight from the database (inactive included) for admins. */
@Injectable()
export class ProductCatalogService {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly cache: CatalogCache,
  ) {}

  async list(query: ListProductsQuery, admin: boolean): Promise<ProductPageView> {
    const built = buildCatalogQuery(query, { includeInactive: admin });
    if (admin) return this.loadPage(built);
    return (await this.cache.getOrLoad(`list:${built.cacheKey}`, () => this.loadPage(built)))!;
  }

  async get(id: string, admin: boolean): Promise<ProductView> {
    const found = admin
      ? await this.load(id, {})
      : await this.cache.getOrLoad(`product:${id}`, () => this.load(id, { active: true }));
    if (!found) throw new ProductNotFoundError(id);
    return found;
  }

  private async load(id: string, condition: { active?: boolean }): Promise<ProductView | undefined> {
    const product = await this.products
      .findOne({ _id: id, ...condition })
      .lean<LeanProduct>()
      .exec();
    return product ? toProductView(product) : undefined;
  }

  private async loadPage(query: CatalogQuery): Promise<ProductPageView> {
    const window = pageWindow(query);
    const [items, total] = await Promise.all([
      this.products
        .find(query.filter, query.projection)
        .sort(query.sort)
        .skip(window.skip)
        .limit(window.pageSize)
        .lean<LeanProduct[]>()
        .exec(),
      this.products.countDocuments(query.filter).exec(),
    ]);
    return { ...toPage(items.map(toProductView), window, total), totalPages: Math.ceil(total / window.pageSize) };
  }
}
