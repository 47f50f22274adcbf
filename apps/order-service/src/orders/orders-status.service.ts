import { Injectable, Logger } from '@nestjs/common';
import { type AuthenticatedUser } from '@app/auth';
import { type OrderRecord, type OrderView, toOrderView } from './order.view';
import { InvalidStatusTransitionError, OrderNotFoundError, ReservationReleasedError } from './orders.errors';
import { OrderMetrics } from './orders.metrics';
import { OrderRepository, type OrderScope } from './order.repository';
import { type OrderStatus } from './schemas/order.schema';
import { StockClient } from './stock.client';
import { allowedTransitions, assertTransition } from './order-status-machine';

/** A concurrent change is re-read and the move re-checked this many times before giving up. */
const ATTEMPTS = 3;

/**
 * Moves orders along the status machine with conditional updates (`{ _id, status: from }`), so two
 * concurrent changes can never both win; every change is recorded in the history with who and why.
 */
@Injectable()
export class OrderStatusService {
  private readonly logger = new Logger(OrderStatusService.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockClient,
    private readonly metrics: OrderMetrics,
  ) {}

  /** A shopper cancels one of their own orders (PENDING or CONFIRMED); the stock goes back. */
  cancelOwn(user: AuthenticatedUser, id: string, reason?: string): Promise<OrderView> {
    return this.move({ _id: id, userId: user.id }, 'CANCELLED', user.id, reason);
  }

  /** An admin moves any order along the machine. */
  changeStatus(admin: AuthenticatedUser, id: string, to: OrderStatus, reason?: string): Promise<OrderView> {
    return this.move({ _id: id }, to, admin.id, reason);
  }

  /** Gives a cancelled order's stock back; false (and left for the sweeper) when product-service is away. */
  async releaseStock(order: Pick<OrderRecord, '_id' | 'number'>): Promise<boolean> {
    try {
      await this.stock.release(order._id.toHexString());
      await this.orders.markStockReleased(order._id);
      return true;
    } catch (error) {
      this.logger.warn({
        msg: "releasing a cancelled order's stock failed; the sweeper retries",
        order: order.number,
        err: error,
      });
      return false;
    }
  }

  private async move(scope: OrderScope, to: OrderStatus, by: string, reason?: string): Promise<OrderView> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.orders.findVisible(scope);
      if (!current) throw new OrderNotFoundError();
      assertTransition(current.status, to);
      if (to === 'CONFIRMED' && (await this.stock.confirm(scope._id)) === 'GONE') throw new ReservationReleasedError();
      const moved = await this.orders.moveStatus(scope, current.status, to, by, reason);
      if (moved) return this.after(moved, to);
      if (attempt >= ATTEMPTS)
        throw new InvalidStatusTransitionError(current.status, to, allowedTransitions(current.status));
    }
  }

  private async after(order: OrderRecord, to: OrderStatus): Promise<OrderView> {
    this.metrics.statusChanged(to);
    if (to === 'CANCELLED' && (await this.releaseStock(order))) order.stockReleased = true;
    return toOrderView(order);
  }
}
