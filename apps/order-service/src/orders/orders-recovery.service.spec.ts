import { Types } from 'mongoose';
import { type OrderRecord } from './order.view';
import { OrderRepository } from './order.repository';
import { SagaRecoveryService } from './orders-recovery.service';
import { StockClient } from './stock.client';
import { type SagaState } from './schemas/order.schema';

jest.mock('./order.repository');
jest.mock('./stock.client');

const id = new Types.ObjectId('65f0c0ffee0000000000abcd');
const order = (saga: SagaState): OrderRecord =>
  ({ _id: id, number: 'ORD-250101-AAAAAAAA', saga, updatedAt: new Date() }) as OrderRecord;

function setUp() {
  const orders = jest.mocked(new (OrderRepository as jest.Mock<OrderRepository>)());
  const stock = jest.mocked(new (StockClient as jest.Mock<StockClient>)());
  return { recovery: new SagaRecoveryService(orders, stock), orders, stock };
}

describe('SagaRecoveryService', () => {
  beforeEach(() => jest.clearAllMocks());

  it('leaves a completed order alone (it finished between the sweep reading it and recovering it)', async () => {
    const { recovery, orders, stock } = setUp();

    await recovery.recover(order('COMPLETED'));

    expect(orders.complete).not.toHaveBeenCalled();
    expect(orders.beginRollback).not.toHaveBeenCalled();
    expect(stock.release).not.toHaveBeenCalled();
  });

  it('releases nothing when another replica took the rollback over first', async () => {
    const { recovery, orders, stock } = setUp();
    orders.beginRollback.mockResolvedValue(false);
    const claimed = order('CLAIMED');

    await recovery.recover(claimed);

    expect(orders.beginRollback).toHaveBeenCalledWith(id, 'CLAIMED', claimed.updatedAt);
    expect(stock.release).not.toHaveBeenCalled();
    expect(orders.remove).not.toHaveBeenCalled();
  });

  it('on undo, releases nothing for an order that moved on meanwhile (e.g. cancelled by the shopper)', async () => {
    const { recovery, orders, stock } = setUp();
    orders.beginRollback.mockResolvedValue(false);

    await recovery.undo(id, 'CLAIMED', true);

    expect(stock.release).not.toHaveBeenCalled();
    expect(orders.remove).not.toHaveBeenCalled();
  });
});
