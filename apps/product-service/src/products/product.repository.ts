import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@app/database';
import { Model, type QueryFilter, type SortOrder, type Types, type UpdateQuery } from 'mongoose';
import { type CatalogFilters, type CatalogQuery } from './catalog-query';
import { type SortField } from './dto/list-products.query';
import { ProductSkuExistsError } from './products.errors';
import { type LeanProduct, Product, type StockHold } from './schemas/product.schema';

export type ProductId = Types.ObjectId | string;
/** The fields an admin sets; stock, holds and version change only through their own operations. */
export type CatalogFields = Partial<
  Pick<Product, 'sku' | 'name' | 'description' | 'price' | 'currency' | 'category' | 'tags' | 'images' | 'active'>
>;
/** What a hold answers: the price snapshot, read in the same write that takes the units. */
export type HeldProduct = Pick<LeanProduct, '_id' | 'sku' | 'name' | 'price' | 'currency' | 'stock'>;
export type ProductAvailability = Pick<LeanProduct, '_id' | 'stock' | 'active'>;
export interface FoundHold extends StockHold {
  productId: Types.ObjectId;
}

const AFTER = { returnDocument: 'after' } as const;
const SORT_PATHS: Record<Exclude<SortField, 'relevance'>, string> = {
  price: 'price',
  name: 'sortName',
  newest: 'createdAt',
};

/** Only fixed paths and typed values reach the filter: a client chooses values, never operators or fields. */
export function catalogFilter(filters: CatalogFilters): QueryFilter<Product> {
  const filter: QueryFilter<Product> = {};
  if (!filters.includeInactive) filter.active = true;
  if (filters.text !== undefined) filter.$text = { $search: filters.text };
  if (filters.category !== undefined) filter.category = filters.category;
  if (filters.tags !== undefined) filter.tags = { $in: filters.tags };
  if (filters.currency !== undefined) filter.currency = filters.currency;
  if (filters.minPrice !== undefined || filters.maxPrice !== undefined) {
    filter.price = {
      ...(filters.minPrice !== undefined ? { $gte: filters.minPrice } : {}),
      ...(filters.maxPrice !== undefined ? { $lte: filters.maxPrice } : {}),
    };
  }
  if (filters.inStock !== undefined) filter.stock = filters.inStock ? { $gt: 0 } : 0;
  return filter;
}

export function catalogSort(
  sort: SortField,
  order: 'asc' | 'desc',
): Record<string, SortOrder | { $meta: 'textScore' }> {
  if (sort === 'relevance') return { score: { $meta: 'textScore' }, _id: 1 };
  const direction = order === 'asc' ? 1 : -1;
  // _id breaks ties, so a product never appears on two pages or on none.
  return { [SORT_PATHS[sort]]: direction, _id: direction };
}

/** As stored: sku upper-cased, and a lower-cased copy of the name so sorting by name ignores case. */
function stored(fields: CatalogFields): Partial<Product> {
  return {
    ...fields,
    ...(fields.sku !== undefined ? { sku: fields.sku.toUpperCase() } : {}),
    ...(fields.name !== undefined ? { sortName: fields.name.toLowerCase() } : {}),
  };
}

/**
 * Products, their stock, and the holds reservations keep on them. Every write is one atomic single-document
 * update whose filter states the rule it relies on (enough stock left, the expected version, a hold not yet
 * given back), so concurrent callers, retries and replicas never take stock below zero or return it twice.
 * Holds and return marks (docs/decisions/0008-stock-reservations.md):
 * - a hold takes units and records `{reservation, attempt}` in the same write;
 * - giving a hold back requires that record and removes it in the same write (so: at most once);
 * - giving back a confirmed line (whose hold may already be dropped) leaves a return mark, guarded the same way.
 */
@Injectable()
export class ProductRepository {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  findById(id: ProductId): Promise<LeanProduct | null> {
    return this.products.findById(id).lean<LeanProduct>().exec();
  }

  findActiveById(id: ProductId): Promise<LeanProduct | null> {
    return this.products.findOne({ _id: id, active: true }).lean<LeanProduct>().exec();
  }

  /** The products with these ids, in the order asked, each once; unknown ids are left out. */
  async findByIds(ids: string[]): Promise<LeanProduct[]> {
    const unique = [...new Set(ids)];
    const found = await this.products
      .find({ _id: { $in: unique } })
      .lean<LeanProduct[]>()
      .exec();
    const byId = new Map(found.map((product) => [product._id.toHexString(), product]));
    return unique.flatMap((id) => byId.get(id) ?? []);
  }

  /** One page of the catalog and how many products match over all pages. */
  async findCatalogPage(query: CatalogQuery): Promise<{ items: LeanProduct[]; total: number }> {
    const filter = catalogFilter(query.filters);
    const projection = query.sort === 'relevance' ? { score: { $meta: 'textScore' } } : {};
    const [items, total] = await Promise.all([
      this.products
        .find(filter, projection)
        .sort(catalogSort(query.sort, query.order))
        .skip(query.window.skip)
        .limit(query.window.pageSize)
        .lean<LeanProduct[]>()
        .exec(),
      this.products.countDocuments(filter).exec(),
    ]);
    return { items, total };
  }

  /** Refused with PRODUCT_SKU_EXISTS when another product has the sku. */
  async insert(fields: CatalogFields & { stock: number }): Promise<LeanProduct> {
    try {
      const created = await this.products.create({ ...stored(fields), stock: fields.stock });
      return created.toObject() as LeanProduct;
    } catch (error) {
      throw isDuplicateKeyError(error) ? new ProductSkuExistsError(fields.sku?.toUpperCase() ?? '') : error;
    }
  }

  /**
   * Changes catalog fields and bumps the version, only while the product is at `expectedVersion` (when given).
   * Null when the product is missing or at another version; PRODUCT_SKU_EXISTS when the new sku is taken.
   */
  async updateCatalog(id: string, fields: CatalogFields, expectedVersion?: number): Promise<LeanProduct | null> {
    const change: UpdateQuery<Product> = { $set: stored(fields), $inc: { version: 1 } };
    try {
      return await this.products
        .findOneAndUpdate({ _id: id, ...(expectedVersion !== undefined ? { version: expectedVersion } : {}) }, change, {
          ...AFTER,
          runValidators: true,
        })
        .lean<LeanProduct>()
        .exec();
    } catch (error) {
      throw isDuplicateKeyError(error) ? new ProductSkuExistsError(fields.sku?.toUpperCase() ?? '') : error;
    }
  }

  /** Sets the stock level; null when there is no such product. */
  setStock(id: string, level: number): Promise<LeanProduct | null> {
    return this.products
      .findOneAndUpdate({ _id: id }, { $set: { stock: level }, $inc: { version: 1 } }, AFTER)
      .lean<LeanProduct>()
      .exec();
  }

  /** Adds units, or removes them only while that many are left; null when missing or too few are left. */
  addStock(id: string, delta: number): Promise<LeanProduct | null> {
    return this.products
      .findOneAndUpdate(
        { _id: id, ...(delta < 0 ? { stock: { $gte: -delta } } : {}) },
        { $inc: { stock: delta, version: 1 } },
        AFTER,
      )
      .lean<LeanProduct>()
      .exec();
  }

  async findStockLevel(id: string): Promise<number | undefined> {
    return (await this.products.findById(id, { stock: 1 }).lean<LeanProduct>().exec())?.stock;
  }

  findAvailability(productIds: ProductId[]): Promise<ProductAvailability[]> {
    return this.products
      .find({ _id: { $in: productIds } }, { stock: 1, active: 1 })
      .lean<ProductAvailability[]>()
      .exec();
  }

  /** Takes `quantity` units for one attempt of a reservation if that many are left and the product is active. */
  holdStock(
    productId: ProductId,
    reservationId: string,
    attempt: string,
    quantity: number,
  ): Promise<HeldProduct | null> {
    return this.products
      .findOneAndUpdate(
        {
          _id: productId,
          active: true,
          stock: { $gte: quantity },
          holds: { $not: { $elemMatch: { r: reservationId, a: attempt } } },
        },
        {
          $inc: { stock: -quantity },
          $push: { holds: { r: reservationId, a: attempt, q: quantity, at: new Date() } },
        },
        { ...AFTER, projection: { sku: 1, name: 1, price: 1, currency: 1, stock: 1 } },
      )
      .lean<HeldProduct>()
      .exec();
  }

  /** Gives back the holds of a reservation on these products (only `attempt`'s, when given); units returned. */
  async returnHolds(productIds: ProductId[], reservationId: string, attempt?: string): Promise<number> {
    const held = await this.products
      .find({ _id: { $in: productIds }, 'holds.r': reservationId }, { holds: 1 })
      .lean<LeanProduct[]>()
      .exec();
    let returned = 0;
    for (const product of held) {
      for (const hold of product.holds) {
        if (hold.r !== reservationId || (attempt !== undefined && hold.a !== attempt)) continue;
        if (await this.returnHold({ ...hold, productId: product._id })) returned += hold.q;
      }
    }
    return returned;
  }

  /** True when this call gave the units back; false when somebody already had. */
  async returnHold(hold: FoundHold): Promise<boolean> {
    const result = await this.products
      .updateOne(
        { _id: hold.productId, holds: { $elemMatch: { r: hold.r, a: hold.a } } },
        { $inc: { stock: hold.q }, $pull: { holds: { r: hold.r, a: hold.a } } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** A confirmed reservation's units are sold: drop its holds without giving stock back. */
  async settleHolds(productIds: ProductId[], reservationId: string, attempt: string): Promise<void> {
    await this.products
      .updateMany({ _id: { $in: productIds } }, { $pull: { holds: { r: reservationId, a: attempt } } })
      .exec();
  }

  /**
   * Gives back one line of a confirmed reservation exactly once: from its hold if not yet settled, else as a
   * plain increment. Both paths leave a return mark and require its absence.
   */
  async returnConfirmedLine(
    productId: ProductId,
    reservationId: string,
    attempt: string,
    quantity: number,
  ): Promise<boolean> {
    const mark = { r: reservationId, at: new Date() };
    const notReturned = { 'returns.r': { $ne: reservationId } };
    const fromHold = await this.products
      .updateOne(
        { _id: productId, ...notReturned, holds: { $elemMatch: { r: reservationId, a: attempt } } },
        { $inc: { stock: quantity }, $pull: { holds: { r: reservationId, a: attempt } }, $push: { returns: mark } },
      )
      .exec();
    if (fromHold.modifiedCount === 1) return true;
    const settled = await this.products
      .updateOne(
        { _id: productId, ...notReturned, holds: { $not: { $elemMatch: { r: reservationId, a: attempt } } } },
        { $inc: { stock: quantity }, $push: { returns: mark } },
      )
      .exec();
    return settled.modifiedCount === 1;
  }

  /** Holds older than `before`, from at most `limit` products: candidates for the orphan check. */
  async findHoldsOlderThan(before: Date, limit: number): Promise<FoundHold[]> {
    const products = await this.products
      .find({ 'holds.at': { $lt: before } }, { holds: 1 })
      .limit(limit)
      .lean<LeanProduct[]>()
      .exec();
    return products.flatMap((product) =>
      product.holds.filter((hold) => hold.at < before).map((hold) => ({ ...hold, productId: product._id })),
    );
  }

  /** Return marks only guard against a release repeated long after; older ones are dropped. */
  async forgetReturnsBefore(before: Date): Promise<void> {
    await this.products
      .updateMany({ 'returns.at': { $lt: before } }, { $pull: { returns: { at: { $lt: before } } } })
      .exec();
  }
}
