import { type Model, Types } from 'mongoose';
import { OutboxSignal } from '../events/outbox-signal';
import { OrderRepository } from './order.repository';
import { type OrderDocument } from './schemas/order.schema';

const duplicate = (field: string) => Object.assign(new Error('E11000'), { code: 11000, keyPattern: { [field]: 1 } });

/** A model whose create() fails with the given errors in turn, then stores the order. */
function setUp(...failures: Error[]) {
  const create = jest.fn((input: object) => {
    const failure = failures.shift();
    return failure
      ? Promise.reject(failure)
      : Promise.resolve({ toObject: () => ({ _id: new Types.ObjectId(), ...input }) });
  });
  const updateOne = jest.fn();
  const repository = new OrderRepository({ create, updateOne } as unknown as Model<OrderDocument>, new OutboxSignal());
  return { repository, create, updateOne };
}

const input = { userId: 'user-1', idempotencyKey: 'key-1' } as never;

describe('OrderRepository.claim', () => {
  it('draws another order number when the random one is taken', async () => {
    const { repository, create } = setUp(duplicate('number'));

    const claimed = await repository.claim(input);

    expect(claimed).toMatchObject({ userId: 'user-1', saga: 'CLAIMED' });
    expect(create).toHaveBeenCalledTimes(2);
    const [first, second] = create.mock.calls.map(([order]) => (order as { number: string }).number);
    expect(second).not.toBe(first);
  });

  it('gives up after 5 clashing numbers instead of looping forever', async () => {
    const { repository, create } = setUp(...Array.from({ length: 5 }, () => duplicate('number')));

    await expect(repository.claim(input)).rejects.toThrow('could not draw a unique order number in 5 attempts');
    expect(create).toHaveBeenCalledTimes(5);
  });

  it('lets any other write error through', async () => {
    const outage = new Error('not primary');
    const { repository } = setUp(outage);

    await expect(repository.claim(input)).rejects.toBe(outage);
  });
});

describe('OrderRepository.beginRollback', () => {
  it('takes an order already rolling back as handed over, without writing', async () => {
    const { repository, updateOne } = setUp();

    expect(await repository.beginRollback(new Types.ObjectId(), 'ROLLING_BACK')).toBe(true);

    expect(updateOne).not.toHaveBeenCalled();
  });

  it('rolls a stored order back only while it is unpaid and untouched since it was read', async () => {
    const { repository, updateOne } = setUp();
    updateOne.mockReturnValue({ exec: () => Promise.resolve({ modifiedCount: 0 }) });
    const id = new Types.ObjectId();
    const readAt = new Date();

    expect(await repository.beginRollback(id, 'STORED', readAt)).toBe(false);

    expect(updateOne).toHaveBeenCalledWith(
      { _id: id, saga: 'STORED', status: 'PENDING_PAYMENT', updatedAt: readAt },
      { $set: { saga: 'ROLLING_BACK' } },
    );
  });
});
