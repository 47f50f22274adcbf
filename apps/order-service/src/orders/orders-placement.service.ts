import { Injectable } from '@nestjs/common';
import { type AuthenticatedUser } from '@app/auth';
import { sleep } from '@app/http-client';
import { timeLeftMs } from '@app/request-context';
import { ORDER_ID_ATTRIBUTE, setSpanAttributes } from '@app/tracing';
import { OrderSettings } from '../order-settings';
import { CartClearingService } from './orders-cart-clearing.service';
import { type PlaceOrderDto } from './dto/place-order.dto';
import { type OrderRecord, type OrderView, toOrderView } from './order.view';
import {
  CartEmptyError,
  IdempotencyKeyInUseError,
  IdempotencyKeyReusedError,
  OrderPlacementFailedError,
} from './orders.errors';
import { OrderMetrics } from './orders.metrics';
import { SagaRecoveryService } from './orders-recovery.service';
import { type SagaState } from './schemas/order.schema';
import { CartClient } from './cart.client';
import { StockClient } from './stock.client';
import { requestHash } from './idempotency-key';
import { type NewPayment, OrderRepository } from './order.repository';
import { placementFailure } from './placement-failure';
import { priceOrder } from './price-order';

export interface Placement {
  order: OrderView;
  /** True when an earlier request with the same Idempotency-Key created the order. */
  replayed: boolean;
}

const POLL_MS = 50;

/**
 * Placing an order: one saga, no distributed transaction (docs/decisions/0011-order-saga.md). The
 * Idempotency-Key is recorded first, then: read the cart as the shopper, reserve stock keyed by the order id,
 * store the order with the reservation's prices and what it owes (PENDING_PAYMENT, docs/decisions/0014-payments.md),
 * clear the cart. Any failure before it is stored releases what may be reserved and deletes the order, freeing
 * the key.
 */
@Injectable()
export class OrderPlacementService {
  constructor(
    private readonly orders: OrderRepository,
    private readonly recovery: SagaRecoveryService,
    private readonly cart: CartClient,
    private readonly stock: StockClient,
    private readonly cartClearing: CartClearingService,
    private readonly metrics: OrderMetrics,
    private readonly settings: OrderSettings,
  ) {}

  async place(user: AuthenticatedUser, idempotencyKey: string, body: PlaceOrderDto): Promise<Placement> {
    const hash = requestHash(body);
    await this.cartClearing.finishPendingOf(user.id);
    // The wait for a key in use ends with the request's own budget too (ORDER_REQUEST_BUDGET_MS).
    const deadline = Date.now() + Math.min(this.settings.idempotencyWaitMs, timeLeftMs());
    for (;;) {
      const claim = {
        userId: user.id,
        idempotencyKey,
        requestHash: hash,
        shippingAddress: { ...body.shippingAddress },
      };
      const claimed = await this.orders.claim(claim);
      if (claimed) return { order: await this.run(claimed, user), replayed: false };
      const existing = await this.orders.findByKey(user.id, idempotencyKey);
      if (existing?.requestHash && existing.requestHash !== hash) {
        this.metrics.orderFailed('idempotency_conflict');
        throw new IdempotencyKeyReusedError();
      }
      if (existing?.saga === 'COMPLETED') return { order: toOrderView(existing), replayed: true };
      if (existing && (existing.saga === 'ROLLING_BACK' || this.isStale(existing)))
        await this.recovery.recover(existing);
      // Otherwise the first request with this key is still running: wait for its outcome, within bounds.
      if (Date.now() >= deadline) throw new IdempotencyKeyInUseError();
      await sleep(POLL_MS);
    }
  }

  private async run(claimed: OrderRecord, user: AuthenticatedUser): Promise<OrderView> {
    const id = claimed._id;
    const orderId = id.toHexString();
    // Its trace can then be found by the order id (the saga's calls to cart and product are in it).
    setSpanAttributes({ [ORDER_ID_ATTRIBUTE]: orderId });
    let saga: SagaState = 'CLAIMED';
    let reservationMayExist = false;
    let completed: OrderRecord | null;
    try {
      const { lines } = await this.cart.read();
      if (lines.length === 0) throw new CartEmptyError();
      this.metrics.checkoutStarted(); // once per order: a retry with the same key replays, it does not run again
      reservationMayExist = true; // from here a timeout may hide a reservation that did happen
      const outcome = await this.stock.reserve(orderId, lines);
      if (!outcome.reserved) {
        reservationMayExist = false;
        throw outcome.refusal;
      }
      const priced = priceOrder(outcome.reservation, lines);
      if (!(await this.orders.store(id, priced, user.id, this.paymentOwed())))
        throw new OrderPlacementFailedError('The order placement was interrupted.');
      saga = 'STORED';
      completed = await this.orders.complete(id);
    } catch (error) {
      await this.recovery.undo(id, saga, reservationMayExist);
      this.metrics.orderFailed(placementFailure(error));
      throw error;
    }
    // Cancelled between storing and confirming (the cancellation released the stock): report it as it is.
    if (!completed) return toOrderView((await this.orders.findByKey(user.id, claimed.idempotencyKey))!);
    this.metrics.orderPlaced();
    return toOrderView(await this.cartClearing.clearAfter(completed));
  }

  /** The stock stays reserved until the payment deadline; the reservation is confirmed once paid. */
  private paymentOwed(): NewPayment {
    const { provider, timeoutSeconds } = this.settings.payments;
    return { provider, deadline: new Date(Date.now() + timeoutSeconds * 1000) };
  }

  private isStale(order: OrderRecord): boolean {
    return order.updatedAt.getTime() < Date.now() - this.settings.sagaStaleSeconds * 1000;
  }
}
