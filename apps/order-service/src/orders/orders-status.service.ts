import { Injectable, Logger } from '@nestjs/common';
import { type AuthenticatedUser } from '@app/auth';
import { type OrderRecord, type OrderView, toOrderView } from './order.view';
import { InvalidStatusTransitionError, OrderNotFoundError } from './orders.errors';
import { type CancelReason, OrderMetrics, systemCancelReason } from './orders.metrics';
import { OrderRepository, type OrderScope, SYSTEM_ACTOR } from './order.repository';
import { OrderRefundService } from './orders-refund.service';
import { type OrderStatus, type Refund } from './schemas/order.schema';
import { StockClient } from './stock.client';
import { allowedTransitions, assertManualTransition } from './order-status-machine';

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
    private readonly refunds: OrderRefundService,
    private readonly metrics: OrderMetrics,
  ) {}

  /**
   * A shopper cancels one of their own orders before it ships (PENDING_PAYMENT or CONFIRMED); the stock goes
   * back, and a paid order is refunded in full.
   */
  cancelOwn(user: AuthenticatedUser, id: string, reason?: string): Promise<OrderView> {
    return this.move({ _id: id, userId: user.id }, 'CANCELLED', user.id, reason, 'shopper');
  }

  /** The service cancels an order by itself (e.g. paid, but its stock could not be kept): refunded in full. */
  cancelAsSystem(id: string, reason: string): Promise<OrderView> {
    return this.move({ _id: id }, 'CANCELLED', SYSTEM_ACTOR, reason, systemCancelReason(reason));
  }

  /** An admin moves any order along the machine. */
  changeStatus(admin: AuthenticatedUser, id: string, to: OrderStatus, reason?: string): Promise<OrderView> {
    return this.move({ _id: id }, to, admin.id, reason, 'admin');
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

  /** `cause` is what a cancellation is counted as (shop_orders_cancelled_total), never free text. */
  private async move(
    scope: OrderScope,
    to: OrderStatus,
    by: string,
    reason: string | undefined,
    cause: CancelReason,
  ): Promise<OrderView> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.orders.findVisible(scope);
      if (!current) throw new OrderNotFoundError();
      assertManualTransition(current.status, to);
      const moved = await this.orders.moveStatus(scope, current.status, to, by, reason, refundOwed(current, to));
      if (moved) return this.after(moved, to, cause);
      if (attempt >= ATTEMPTS)
        throw new InvalidStatusTransitionError(current.status, to, allowedTransitions(current.status));
    }
  }

  private async after(order: OrderRecord, to: OrderStatus, cause: CancelReason): Promise<OrderView> {
    this.metrics.statusChanged(to);
    if (to !== 'CANCELLED') return toOrderView(order);
    this.metrics.orderCancelled(cause);
    if (await this.releaseStock(order)) order.stockReleased = true;
    return toOrderView(await this.refunds.send(order));
  }
}

/** Cancelling a paid order owes its money back: in full, less what was already refunded. */
function refundOwed(order: OrderRecord, to: OrderStatus): Refund | undefined {
  const payment = order.payment;
  if (to !== 'CANCELLED' || payment?.status !== 'succeeded' || payment.refund) return undefined;
  const amount = payment.amount - payment.refundedAmount;
  return amount > 0 ? { status: 'pending', amount, requestedAt: new Date() } : undefined;
}
