import { Injectable, Logger } from '@nestjs/common';
import { type Types } from 'mongoose';
import { type OrderRecord } from './order.view';
import { OrderRepository } from './order.repository';
import { type SagaState } from './schemas/order.schema';
import { StockClient } from './stock.client';

/**
 * Finishes sagas that stopped half way, forwards or backwards: an order already stored (STORED) goes on to
 * wait for its payment (its stock is reserved until the payment deadline); anything else has its reservation released and is deleted,
 * which frees its Idempotency-Key. Every step is conditional or idempotent, so replicas may race safely.
 */
@Injectable()
export class SagaRecoveryService {
  private readonly logger = new Logger(SagaRecoveryService.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly stock: StockClient,
  ) {}

  /** Recovers an order found unfinished. Throws when product-service is unreachable (retried later). */
  async recover(order: OrderRecord): Promise<void> {
    if (order.saga === 'STORED') {
      // Stored with its stock reserved: the placement only had to hand it to the payment, which waits anyway.
      await this.orders.complete(order._id);
      this.logger.warn({ msg: 'interrupted order placement completed', order: order.number });
      return;
    }
    if (order.saga === 'COMPLETED') return;
    if (!(await this.orders.beginRollback(order._id, order.saga, order.updatedAt))) return;
    await this.releaseAndRemove(order._id);
    this.logger.warn({ msg: 'interrupted order placement rolled back', order: order.number, saga: order.saga });
  }

  /**
   * Undoes a placement that failed in this process. `reservationMayExist` is false only after a definite
   * refusal (or before reserving), when there is nothing to release. Never throws: what cannot be undone
   * now is left in ROLLING_BACK (or CLAIMED) for the sweeper.
   */
  async undo(id: Types.ObjectId, from: SagaState, reservationMayExist: boolean): Promise<void> {
    const orderId = id.toHexString();
    if (!reservationMayExist) {
      await this.orders.remove(id, from).catch((error: unknown) => this.leftForSweeper(orderId, error));
      return;
    }
    let handedOver = true;
    try {
      handedOver = await this.orders.beginRollback(id, from);
    } catch (error) {
      // The database is unreachable: release anyway, the sweeper deletes the order once it can.
      this.leftForSweeper(orderId, error);
    }
    if (!handedOver) return; // it moved on meanwhile (e.g. the shopper cancelled it, which releases the stock)
    await this.releaseAndRemove(id).catch((error: unknown) => this.leftForSweeper(orderId, error));
  }

  private async releaseAndRemove(id: Types.ObjectId): Promise<void> {
    await this.stock.release(id.toHexString());
    await this.orders.remove(id, 'ROLLING_BACK');
  }

  private leftForSweeper(orderId: string, error: unknown): void {
    this.logger.warn({ msg: 'rollback incomplete; the sweeper will finish it', orderId, err: error });
  }
}
