import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ValidationFailedError } from '@app/errors';
import { Model, type UpdateQuery } from 'mongoose';
import { CatalogCache } from './catalog-cache';
import { type AdjustStockDto } from './dto/adjust-stock.dto';
import { type CreateProductDto } from './dto/create-product.dto';
import { type ReplaceProductDto } from './dto/replace-product.dto';
import { type UpdateProductDto } from './dto/update-product.dto';
import { ProductNotFoundError, ProductSkuExistsError, ProductVersionMismatchError } from './products.errors';
import { type ProductView, toProductView } from './product.view';
import { type LeanProduct, Product } from './schemas/product.schema';
import { StockAdjuster } from './stock-adjuster';
import { isDuplicateKeyError } from '@app/database';

/** Catalog fields as stored: sku upper-cased, a lower-cased copy of the name for sorting. */
function catalogFields(dto: UpdateProductDto): Partial<Product> {
  return {
    ...dto,
    ...(dto.sku !== undefined ? { sku: dto.sku.toUpperCase() } : {}),
    ...(dto.name !== undefined ? { sortName: dto.name.toLowerCase() } : {}),
  };
}

/**
 * Admin writes. Each one is a single atomic document update, then invalidates the catalog cache; `version`
 * grows with each, and an If-Match version that is no longer current is refused (412) with nothing changed.
 */
@Injectable()
export class ProductAdminService {
  constructor(
    @InjectModel(Product.name) private readonly products: Model<Product>,
    private readonly cache: CatalogCache,
    private readonly stock: StockAdjuster,
  ) {}

  async create(dto: CreateProductDto): Promise<ProductView> {
    try {
      const created = await this.products.create({ ...catalogFields(dto), stock: dto.stock ?? 0 });
      await this.cache.invalidate();
      return toProductView(created.toObject() as LeanProduct);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ProductSkuExistsError(dto.sku.toUpperCase());
      throw error;
    }
  }

  replace(id: string, dto: ReplaceProductDto, expectedVersion?: number): Promise<ProductView> {
    const full = { description: '', tags: [], images: [], active: true, ...dto };
    return this.update(id, { $set: catalogFields(full) }, expectedVersion, dto.sku);
  }

  patch(id: string, dto: UpdateProductDto, expectedVersion?: number): Promise<ProductView> {
    if (Object.keys(dto).length === 0) {
      throw new ValidationFailedError([], 'The body names no field to change.');
    }
    return this.update(id, { $set: catalogFields(dto) }, expectedVersion, dto.sku);
  }

  /** DELETE: a soft delete. Orders, carts and reservations keep referring to the product by id. */
  async deactivate(id: string, expectedVersion?: number): Promise<void> {
    const current = await this.current(id);
    if (!current.active && expectedVersion === undefined) return;
    await this.update(id, { $set: { active: false } }, expectedVersion);
  }

  async adjustStock(id: string, dto: AdjustStockDto): Promise<ProductView> {
    const updated = await this.stock.adjust(id, dto);
    await this.cache.invalidate();
    return toProductView(updated);
  }

  private async update(
    id: string,
    change: UpdateQuery<Product>,
    expectedVersion: number | undefined,
    sku?: string,
  ): Promise<ProductView> {
    let updated: LeanProduct | null;
    try {
      updated = await this.products
        .findOneAndUpdate(
          { _id: id, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) },
          { ...change, $inc: { version: 1 } },
          { returnDocument: 'after', runValidators: true },
        )
        .lean<LeanProduct>()
        .exec();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ProductSkuExistsError((sku ?? '').toUpperCase());
      throw error;
    }
    if (!updated) {
      const current = await this.current(id);
      throw new ProductVersionMismatchError(expectedVersion ?? -1, current.version);
    }
    await this.cache.invalidate();
    return toProductView(updated);
  }

  private async current(id: string): Promise<LeanProduct> {
    const product = await this.products.findById(id).lean<LeanProduct>().exec();
    if (!product) throw new ProductNotFoundError(id);
    return product;
  }
}
