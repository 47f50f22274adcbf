import { Logger } from '@nestjs/common';
import { Types } from 'mongoose';
import { type OrderSettings } from '../order-settings';
import { PaymentMetrics } from '../payments/payments.metrics';
import { type OrderRecord } from './order.view';
import { OrderPaymentRepository } from './order-payment.repository';
import { OrderRepository } from './order.repository';
import { CartClearingService } from './orders-cart-clearing.service';
import { OrderPaymentService } from './orders-payment.service';
import { SagaRecoveryService } from './orders-recovery.service';
import { OrderRefundService } from './orders-refund.service';
import { OrderStatusService } from './orders-status.service';
import { OrderSweeper } from './orders-sweeper.service';

jest.mock('./order.repository');
jest.mock('./order-payment.repository');
jest.mock('./orders-recovery.service');
jest.mock('./orders-status.service');
jest.mock('./orders-cart-clearing.service');
jest.mock('./orders-payment.service');
jest.mock('./orders-refund.service');
jest.mock('../payments/payments.metrics');

const settings = { sagaStaleSeconds: 60, sweepIntervalMs: 0, requestBudgetMs: 5_000 } as OrderSettings;

const order = (fields: Partial<OrderRecord> = {}): OrderRecord =>
  ({ _id: new Types.ObjectId(), number: 'ORD-250101-AAAAAAAA', ...fields }) as OrderRecord;

function setUp(overrides: Partial<OrderSettings> = {}) {
  const mocked = <T>(type: unknown): jest.Mocked<T> => new (type as jest.Mock<T>)() as jest.Mocked<T>;
  const orders = mocked<OrderRepository>(OrderRepository);
  const recovery = mocked<SagaRecoveryService>(SagaRecoveryService);
  const status = mocked<OrderStatusService>(OrderStatusService);
  const cartClearing = mocked<CartClearingService>(CartClearingService);
  const payments = mocked<OrderPaymentRepository>(OrderPaymentRepository);
  const payment = mocked<OrderPaymentService>(OrderPaymentService);
  const refunds = mocked<OrderRefundService>(OrderRefundService);
  const metrics = mocked<PaymentMetrics>(PaymentMetrics);
  for (const find of [orders.findUnfinished, orders.findStockToRelease]) find.mockResolvedValue([]);
  for (const find of [payments.findOverdue, payments.findUnconfirmedReservations, payments.findRefundsOwed])
    find.mockResolvedValue([]);
  cartClearing.finishPending.mockResolvedValue(0);
  payments.countOverdue.mockResolvedValue(0);
  const sweeper = new OrderSweeper(orders, recovery, status, cartClearing, payments, payment, refunds, metrics, {
    ...settings,
    ...overrides,
  } as OrderSettings);
  return { sweeper, orders, recovery, status, payments, payment, refunds, metrics };
}

describe('OrderSweeper', () => {
  beforeEach(() => jest.clearAllMocks());

  it('counts only what it actually finished: released stock, expired orders, confirmed reservations, sent refunds', async () => {
    const { sweeper, orders, status, payments, payment, refunds } = setUp();
    orders.findStockToRelease.mockResolvedValue([order(), order()]);
    status.releaseStock.mockResolvedValueOnce(true).mockResolvedValueOnce(false);
    payments.findOverdue.mockResolvedValue([order(), order()]);
    payment.expire.mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    payments.findUnconfirmedReservations.mockResolvedValue([order(), order(), order()]);
    payment.confirmReservation
      .mockResolvedValueOnce(order({ reservationConfirmed: true }))
      .mockResolvedValueOnce(null)
      .mockResolvedValueOnce(null);
    const sent = order({ payment: { refund: { status: 'sent' } } } as Partial<OrderRecord>);
    const stillOwed = order({ payment: { refund: { status: 'pending' } } } as Partial<OrderRecord>);
    payments.findRefundsOwed.mockResolvedValue([sent, stillOwed]);
    refunds.send.mockImplementation((owed) => Promise.resolve(owed));

    await expect(sweeper.sweep()).resolves.toEqual({
      recovered: 0,
      released: 1,
      cartsCleared: 0,
      expired: 1,
      reservationsConfirmed: 1,
      refundsSent: 1,
    });
    expect(payment.confirmReservation).toHaveBeenCalledTimes(3);
  });

  it('reports unpaid orders a whole sweep interval (at least a minute) past their deadline', async () => {
    const { sweeper, payments, metrics } = setUp();
    payments.countOverdue.mockResolvedValue(4);
    const before = Date.now();

    await sweeper.sweep();

    const after = Date.now();
    expect(metrics.overduePayments).toHaveBeenCalledWith(4);
    // The sweep reads the clock between `before` and `after`: its cutoff is exactly a minute before that reading.
    const cutoff = payments.countOverdue.mock.calls[0][0].getTime();
    expect(cutoff).toBeGreaterThanOrEqual(before - 60_000);
    expect(cutoff).toBeLessThanOrEqual(after - 60_000);
  });

  it('keeps sweeping when one saga cannot be recovered, and recovers it next time', async () => {
    const { sweeper, orders, recovery } = setUp();
    orders.findUnfinished.mockResolvedValue([order(), order()]);
    recovery.recover.mockRejectedValueOnce(new Error('product-service unreachable')).mockResolvedValueOnce();
    const warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);

    await expect(sweeper.sweep()).resolves.toMatchObject({ recovered: 1 });
    expect(recovery.recover).toHaveBeenCalledTimes(2);
    expect(warned).toHaveBeenCalledWith(expect.objectContaining({ msg: 'saga recovery failed; retried next sweep' }));
    warned.mockRestore();
  });

  it('joins a pass already running instead of starting a second one', async () => {
    const { sweeper, orders } = setUp();

    const [first, second] = [sweeper.sweep(), sweeper.sweep()];

    expect(second).toBe(first);
    await first;
    expect(orders.findUnfinished).toHaveBeenCalledTimes(1);
  });

  it('starts no timer with ORDER_SWEEP_INTERVAL_MS=0, and sweeps on its own otherwise until shut down', async () => {
    jest.useFakeTimers();
    try {
      const off = setUp();
      off.sweeper.onApplicationBootstrap();
      jest.advanceTimersByTime(60_000);
      expect(off.orders.findUnfinished).not.toHaveBeenCalled();

      const on = setUp({ sweepIntervalMs: 1_000 });
      on.sweeper.onApplicationBootstrap();
      jest.advanceTimersByTime(1_000);
      expect(on.orders.findUnfinished).toHaveBeenCalledTimes(1);
      await on.sweeper.onApplicationShutdown();
      jest.advanceTimersByTime(5_000);
      expect(on.orders.findUnfinished).toHaveBeenCalledTimes(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
