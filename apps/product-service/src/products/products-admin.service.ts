import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@app/errors';
import { CatalogCache } from './catalog.cache';
import { type AdjustStockDto } from './dto/adjust-stock.dto';
import { type CreateProductDto } from './dto/create-product.dto';
import { type ReplaceProductDto } from './dto/replace-product.dto';
import { type UpdateProductDto } from './dto/update-product.dto';
import { type CatalogFields, ProductRepository } from './product.repository';
import { ProductNotFoundError, ProductVersionMismatchError, StockWouldGoNegativeError } from './products.errors';
import { type ProductView, toProductView } from './product.view';
import { type LeanProduct } from './schemas/product.schema';

/**
 * Admin writes. Each one is a single atomic document update, then invalidates the catalog cache; `version`
 * grows with each, and an If-Match version that is no longer current is refused (412) with nothing changed.
 */
@Injectable()
export class ProductsAdminService {
  constructor(
    private readonly products: ProductRepository,
    private readonly cache: CatalogCache,
  ) {}

  async create(dto: CreateProductDto): Promise<ProductView> {
    const created = await this.products.insert({ ...dto, stock: dto.stock ?? 0 });
    await this.cache.invalidate();
    return toProductView(created);
  }

  replace(id: string, dto: ReplaceProductDto, expectedVersion?: number): Promise<ProductView> {
    return this.update(id, { description: '', tags: [], images: [], active: true, ...dto }, expectedVersion);
  }

  patch(id: string, dto: UpdateProductDto, expectedVersion?: number): Promise<ProductView> {
    if (Object.keys(dto).length === 0) {
      throw new ValidationFailedError([], 'The body names no field to change.');
    }
    return this.update(id, dto, expectedVersion);
  }

  /** DELETE: a soft delete. Orders, carts and reservations keep referring to the product by id. */
  async deactivate(id: string, expectedVersion?: number): Promise<void> {
    const current = await this.current(id);
    if (!current.active && expectedVersion === undefined) return;
    await this.update(id, { active: false }, expectedVersion);
  }

  /**
   * Stock changes are single conditional updates, so they compose with concurrent reservations: a decrement
   * only applies while enough stock is left, and is otherwise refused with nothing changed.
   */
  async adjustStock(id: string, dto: AdjustStockDto): Promise<ProductView> {
    if ((dto.set === undefined) === (dto.increment === undefined)) {
      throw new ValidationFailedError(
        [{ field: 'set', messages: ['give exactly one of set or increment'] }],
        'Give exactly one of set (a new level) or increment (a change).',
      );
    }
    const updated =
      dto.set !== undefined
        ? await this.products.setStock(id, dto.set)
        : await this.products.addStock(id, dto.increment!);
    if (!updated) {
      const available = await this.products.findStockLevel(id);
      if (available === undefined) throw new ProductNotFoundError(id);
      throw new StockWouldGoNegativeError(available, -(dto.increment ?? 0));
    }
    await this.cache.invalidate();
    return toProductView(updated);
  }

  private async update(id: string, fields: CatalogFields, expectedVersion: number | undefined): Promise<ProductView> {
    const updated = await this.products.updateCatalog(id, fields, expectedVersion);
    if (!updated) {
      const current = await this.current(id);
      throw new ProductVersionMismatchError(expectedVersion ?? -1, current.version);
    }
    await this.cache.invalidate();
    return toProductView(updated);
  }

  private async current(id: string): Promise<LeanProduct> {
    const product = await this.products.findById(id);
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }
}
