import { Injectable, Logger } from '@nestjs/common';
import { OrderMetrics } from './orders.metrics';
import { type OrderRecord } from './order.view';
import { OrderRepository } from './order.repository';
import { CartClient } from './cart.client';

/** How many of one shopper's pending clears are finished before they place another order. */
const PER_SHOPPER = 5;

/**
 * Saga step 7: takes the ordered lines out of the shopper's cart, as order-service itself (cart-service removes
 * only what the order covers, so a retry is always safe). The order stands whatever happens here:
 * `cartCleared` stays false until it works, and the sweeper retries it (docs/decisions/0011-order-saga.md).
 * Nothing here needs, or keeps, the shopper's token.
 */
@Injectable()
export class CartClearingService {
  private readonly logger = new Logger(CartClearingService.name);

  constructor(
    private readonly cart: CartClient,
    private readonly orders: OrderRepository,
    private readonly metrics: OrderMetrics,
  ) {}

  /** Clears the cart after this order and records it. Never throws; returns the order as now stored. */
  async clearAfter(order: OrderRecord): Promise<OrderRecord> {
    try {
      await this.cart.clearOrdered(order.userId, order.lines);
      return (await this.orders.markCartCleared(order._id)) ?? { ...order, cartCleared: true };
    } catch (error) {
      this.metrics.cartClearFailed();
      this.logger.warn({
        msg: 'clearing the cart after an order failed; the sweeper retries',
        order: order.number,
        err: error,
      });
      return order;
    }
  }

  /** Before a shopper orders again, so the lines of an earlier order are never ordered a second time. */
  async finishPendingOf(userId: string): Promise<void> {
    for (const order of await this.orders.findCartClearsPending(PER_SHOPPER, userId)) await this.clearAfter(order);
  }

  /** The sweeper's share: orders of any shopper still waiting for their clear; answers how many succeeded. */
  async finishPending(limit: number): Promise<number> {
    let cleared = 0;
    for (const order of await this.orders.findCartClearsPending(limit))
      if ((await this.clearAfter(order)).cartCleared) cleared += 1;
    return cleared;
  }
}
