import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { CartSettings } from '../cart-settings';
import { Cart, type CartDocument, type ProductSnapshot, type StoredCart } from './schemas/cart.schema';
import { isDuplicateKeyError } from '@app/database';

const AFTER = { returnDocument: 'after', lean: true } as const;

/**
 * Every change is one atomic single-document update whose filter states the rule it relies on, so
 * concurrent requests never lose an update and never exceed a limit (MongoDB transactions are not needed).
 * Each change moves `expiresAt` forward; the TTL index removes carts left alone for CART_TTL_SECONDS.
 */
@Injectable()
export class CartRepository {
  constructor(
    @InjectModel(Cart.name) private readonly carts: Model<CartDocument>,
    private readonly settings: CartSettings,
  ) {}

  find(userId: string): Promise<StoredCart | null> {
    return this.carts.findOne({ userId }).lean<StoredCart>().exec();
  }

  /** Adds to an existing line, provided the line then holds no more than `ceiling`. */
  async incrementLine(
    userId: string,
    productId: string,
    quantity: number,
    ceiling: number,
    snapshot: ProductSnapshot,
  ): Promise<StoredCart | null> {
    if (ceiling - quantity < 1) return null;
    const filter = {
      userId,
      lines: { $elemMatch: { productId: new Types.ObjectId(productId), quantity: { $lte: ceiling - quantity } } },
    };
    const update = {
      $inc: { 'lines.$.quantity': quantity },
      $set: { [`snapshots.${productId}`]: snapshot, expiresAt: this.expiresAt() },
    };
    return this.carts.findOneAndUpdate(filter, update, AFTER).lean<StoredCart>().exec();
  }

  /**
   * Adds a new line while the product is not in the cart yet, the cart has room and shares the currency;
   * creates the cart on first use. When the cart exists but a condition fails, the upsert's insert hits the
   * unique `userId` index, which is how a refusal shows here (`undefined`).
   */
  async addLine(
    userId: string,
    productId: string,
    quantity: number,
    snapshot: ProductSnapshot,
    maxLines: number,
  ): Promise<{ cart: StoredCart; created: boolean } | undefined> {
    const id = new Types.ObjectId(productId);
    const filter = {
      userId,
      'lines.productId': { $ne: id },
      [`lines.${maxLines - 1}`]: { $exists: false },
      $or: [{ currency: snapshot.currency }, { 'lines.0': { $exists: false } }],
    };
    const update = {
      $push: { lines: { productId: id, quantity } },
      $set: { [`snapshots.${productId}`]: snapshot, currency: snapshot.currency, expiresAt: this.expiresAt() },
    };
    try {
      const result = await this.carts
        .findOneAndUpdate(filter, update, { ...AFTER, upsert: true, includeResultMetadata: true })
        .exec();
      const cart = result.value as unknown as StoredCart | null;
      return cart ? { cart, created: !result.lastErrorObject?.updatedExisting } : undefined;
    } catch (error) {
      if (isDuplicateKeyError(error)) return undefined;
      throw error;
    }
  }

  /** Sets a line's quantity (refreshing its snapshot when given); `null` when the line is not there. */
  setQuantity(
    userId: string,
    productId: string,
    quantity: number,
    snapshot?: ProductSnapshot,
  ): Promise<StoredCart | null> {
    const set: Record<string, unknown> = { 'lines.$.quantity': quantity, expiresAt: this.expiresAt() };
    if (snapshot) set[`snapshots.${productId}`] = snapshot;
    return this.carts
      .findOneAndUpdate({ userId, 'lines.productId': new Types.ObjectId(productId) }, { $set: set }, AFTER)
      .lean<StoredCart>()
      .exec();
  }

  /** Removes a line and its snapshot; `null` when the line is not there. */
  removeLine(userId: string, productId: string): Promise<StoredCart | null> {
    const id = new Types.ObjectId(productId);
    const update = {
      $pull: { lines: { productId: id } },
      $unset: { [`snapshots.${productId}`]: '' },
      $set: { expiresAt: this.expiresAt() },
    };
    return this.carts.findOneAndUpdate({ userId, 'lines.productId': id }, update, AFTER).lean<StoredCart>().exec();
  }

  /**
   * Carts holding items that nobody changed since `before` (the shopper left them). Read through the
   * `updatedAt` index; snapshot refreshes do not move `updatedAt`, so looking at a cart does not revive it.
   */
  countAbandoned(before: Date): Promise<number> {
    return this.carts.countDocuments({ updatedAt: { $lt: before }, 'lines.0': { $exists: true } }).exec();
  }

  /** Empties the cart (the document stays: one cart per shopper); false when the shopper has none. */
  async clear(userId: string): Promise<boolean> {
    const update = { $set: { lines: [], snapshots: {}, expiresAt: this.expiresAt() }, $unset: { currency: '' } };
    const result = await this.carts.updateOne({ userId }, update).exec();
    return result.matchedCount > 0;
  }

  /**
   * Removes these lines and their snapshots, provided each is still there holding no more than its `quantity`;
   * false when one changed meanwhile (the caller reads again). Lines not named are never touched.
   */
  async removeLinesUpTo(userId: string, lines: { productId: string; quantity: number }[]): Promise<boolean> {
    const ids = lines.map((line) => new Types.ObjectId(line.productId));
    const filter = {
      userId,
      lines: {
        $all: lines.map((line, i) => ({ $elemMatch: { productId: ids[i], quantity: { $lte: line.quantity } } })),
      },
    };
    const update = {
      $pull: { lines: { productId: { $in: ids } } },
      $unset: Object.fromEntries(lines.map((line) => [`snapshots.${line.productId}`, ''])),
      $set: { expiresAt: this.expiresAt() },
    };
    const result = await this.carts.updateOne(filter, update).exec();
    return result.matchedCount > 0;
  }

  /**
   * Stores fresher last-known product data seen while reading. Not a change by the shopper, so neither
   * `updatedAt` nor `expiresAt` moves; skipped when a line went away meanwhile (the next read catches up).
   */
  async refreshSnapshots(userId: string, snapshots: Record<string, ProductSnapshot>): Promise<void> {
    const productIds = Object.keys(snapshots);
    if (productIds.length === 0) return;
    const set = Object.fromEntries(productIds.map((id) => [`snapshots.${id}`, snapshots[id]]));
    const filter = { userId, 'lines.productId': { $all: productIds.map((id) => new Types.ObjectId(id)) } };
    await this.carts.updateOne(filter, { $set: set }, { timestamps: false }).exec();
  }

  private expiresAt(): Date {
    return new Date(Date.now() + this.settings.cartTtlSeconds * 1000);
  }
}
