import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { type LeanProduct, Product } from '../products/schemas/product.schema';
import { type StockHold } from '../products/schemas/stock-marks.schema';

export type ProductId = Types.ObjectId | string;
export type HeldProduct = Pick<LeanProduct, '_id' | 'sku' | 'name' | 'price' | 'currency' | 'stock'>;
export interface FoundHold extends StockHold {
  productId: Types.ObjectId;
}

/**
 * The stock side of reservations: each method is one (or, per hold, one) atomic single-document update on a
 * product, guarded so that repeating it, from a retry, another request or another replica, changes nothing.
 * - a hold takes units and records `{reservation, attempt}` in the same write;
 * - giving a hold back requires that record and removes it in the same write (so: at most once);
 * - giving back a confirmed line (whose hold may already be dropped) leaves a return mark, guarded the same way.
 */
@Injectable()
export class StockLedger {
  constructor(@InjectModel(Product.name) private readonly products: Model<Product>) {}

  /** Takes `quantity` units if that many are available and the product is active; null otherwise. */
  hold(productId: ProductId, reservationId: string, attempt: string, quantity: number): Promise<HeldProduct | null> {
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
        { returnDocument: 'after', projection: { sku: 1, name: 1, price: 1, currency: 1, stock: 1 } },
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
  async settle(productIds: ProductId[], reservationId: string, attempt: string): Promise<void> {
    await this.products
      .updateMany({ _id: { $in: productIds } }, { $pull: { holds: { r: reservationId, a: attempt } } })
      .exec();
  }

  /**
   * Gives back one line of a confirmed reservation exactly once: from its hold if not yet settled, else as a
   * plain increment. Both paths leave a return mark and require its absence.
   */
  async returnConfirmedLine(productId: ProductId, reservationId: string, attempt: string, quantity: number) {
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

  /** Holds older than `before`: candidates for the orphan check. */
  async holdsOlderThan(before: Date, limit: number): Promise<FoundHold[]> {
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

  async availability(productIds: ProductId[]): Promise<Pick<LeanProduct, '_id' | 'stock' | 'active'>[]> {
    return this.products
      .find({ _id: { $in: productIds } }, { stock: 1, active: 1 })
      .lean<Pick<LeanProduct, '_id' | 'stock' | 'active'>[]>()
      .exec();
  }
}
