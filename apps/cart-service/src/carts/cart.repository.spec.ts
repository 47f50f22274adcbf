import { type Model } from 'mongoose';
import { type CartSettings } from '../cart-settings';
import { CartRepository } from './cart.repository';
import { type CartDocument } from './schemas/cart.schema';

const MUG = '65f0c0ffee0000000000000a';
const snapshot = { sku: 'MUG', name: 'Mug', unitPrice: 100, currency: 'EUR' };
const failing = (error: Error) => ({ findOneAndUpdate: () => ({ exec: () => Promise.reject(error) }) });

/** The refusal-by-duplicate-key contract of addLine; the real upsert is exercised by the e2e suites. */
describe('CartRepository.addLine', () => {
  const repositoryOver = (model: object) =>
    new CartRepository(model as unknown as Model<CartDocument>, { cartTtlSeconds: 3600 } as CartSettings);

  it('reads a duplicate userId on the upsert as a refusal (the cart exists but a rule failed)', async () => {
    const duplicate = Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
    await expect(repositoryOver(failing(duplicate)).addLine('u1', MUG, 1, snapshot, 5)).resolves.toBeUndefined();
  });

  it('does not mistake a database failure for a refusal', async () => {
    const down = new Error('connection closed');
    await expect(repositoryOver(failing(down)).addLine('u1', MUG, 1, snapshot, 5)).rejects.toBe(down);
  });
});
