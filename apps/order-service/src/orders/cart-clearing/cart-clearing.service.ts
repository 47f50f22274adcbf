import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type Types } from 'mongoose';
import { currentRequestContext, type RequestContext, runWithRequestContext } from '@app/request-context';
import { OrderMetrics } from '../order.metrics';
import { type OrderRecord } from '../order-view';
import { Order, type OrderDocument } from '../schemas/order.schema';
import { CartClient } from '../upstreams/cart.client';
import { cartHoldsExactly } from './cart-match';
import { tokenExpiresAt } from './token-expiry';

/** Delays of the in-process retries after a failed clear, while the shopper's token is still valid. */
const RETRY_DELAYS_MS = [1_000, 3_000, 10_000, 30_000, 60_000];

/**
 * Empties the shopper's cart after an order (saga step 4). The order stands whether or not this works:
 * `cartCleared` stays false and the clear is retried, in process while the shopper's token lives, and on
 * the shopper's next request to order-service otherwise (docs/decisions/0011-order-saga.md).
 */
@Injectable()
export class CartClearingService implements OnApplicationShutdown {
  private readonly logger = new Logger(CartClearingService.name);
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly cart: CartClient,
    private readonly metrics: OrderMetrics,
    @InjectModel(Order.name) private readonly orders: Model<OrderDocument>,
  ) {}

  /** Right after placement: clear (the client retries DELETE itself). Never throws; returns the order as now stored. */
  async afterPlacement(order: OrderRecord): Promise<OrderRecord> {
    try {
      await this.cart.clear();
      return (await this.markCleared(order._id)) ?? { ...order, cartCleared: true };
    } catch (error) {
      this.failed(order, error);
      this.scheduleRetry(order, 0);
      return order;
    }
  }

  /** Finishes clears that earlier orders of this shopper left pending, with the shopper's current token. */
  async resumeFor(userId: string): Promise<void> {
    const pending = await this.orders
      .find({ userId, saga: 'COMPLETED', cartCleared: false })
      .sort({ createdAt: -1 })
      .limit(5)
      .lean<OrderRecord[]>()
      .exec();
    for (const order of pending) {
      await this.clearIfUnchanged(order).catch((error: unknown) => this.failed(order, error));
    }
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** A late clear empties the cart only if it still holds exactly what was ordered. */
  private async clearIfUnchanged(order: OrderRecord): Promise<void> {
    const stillPending = await this.orders.exists({ _id: order._id, cartCleared: false }).exec();
    if (!stillPending) return;
    const { lines } = await this.cart.read();
    if (lines.length > 0 && cartHoldsExactly(lines, order.lines)) await this.cart.clear();
    else if (lines.length > 0)
      this.logger.log({ msg: 'cart changed since the order; left as the shopper made it', order: order.number });
    await this.markCleared(order._id);
  }

  private scheduleRetry(order: OrderRecord, attempt: number, context = currentRequestContext()): void {
    const delay = RETRY_DELAYS_MS[attempt];
    if (!context?.authorization || delay === undefined) return;
    if (Date.now() + delay >= tokenExpiresAt(context.authorization)) return;
    const retryContext: RequestContext = { ...context };
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void runWithRequestContext(retryContext, () =>
        this.clearIfUnchanged(order).catch((error: unknown) => {
          this.failed(order, error);
          this.scheduleRetry(order, attempt + 1, retryContext);
        }),
      );
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private markCleared(id: Types.ObjectId): Promise<OrderRecord | null> {
    return this.orders
      .findOneAndUpdate({ _id: id }, { $set: { cartCleared: true } }, { returnDocument: 'after' })
      .lean<OrderRecord>()
      .exec();
  }

  private failed(order: OrderRecord, error: unknown): void {
    this.metrics.cartClearFailed();
    this.logger.warn({
      msg: 'emptying the cart after an order failed; it will be retried',
      order: order.number,
      err: error,
    });
  }
}
