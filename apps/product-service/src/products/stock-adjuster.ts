import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ValidationFailedError } from '@app/errors';
import { Model } from 'mongoose';
import { type AdjustStockDto } from './dto/adjust-stock.dto';
import { ProductNotFoundError, StockWouldGoNegativeError } from './products.errors';
import { type LeanProduct, Product } from './schemas/product.schema';

/**
 * Admin stock changes as single conditional updates, so they compose with concurrent reservations: a
 * decrement only applies while enough stock is left, and is otherwise refused with nothing changed.
 */
@Injectable()
export class StockAdjuster {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  async adjust(id: string, dto: AdjustStockDto): Promise<LeanProduct> {
    if ((dto.set === undefined) === (dto.increment === undefined)) {
      throw new ValidationFailedError(
        [{ field: 'set', messages: ['give exactly one of set or increment'] }],
        'Give exactly one of set (a new level) or increment (a change).',
      );
    }
    const delta = dto.increment ?? 0;
    const updated = await this.products
      .findOneAndUpdate(
        { _id: id, ...(delta < 0 ? { stock: { $gte: -delta } } : {}) },
        dto.set !== undefined
          ? { $set: { stock: dto.set }, $inc: { version: 1 } }
          : { $inc: { stock: delta, version: 1 } },
        { returnDocument: 'after' },
      )
      .lean<LeanProduct>()
      .exec();
    if (updated) return updated;
    const current = await this.products.findById(id, { stock: 1 }).lean<LeanProduct>().exec();
    if (!current) throw new ProductNotFoundError(id);
    throw new StockWouldGoNegativeError(current.stock, -delta);
  }
}
