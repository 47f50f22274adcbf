import { Types } from 'mongoose';
import { type OrderRecord, toOrderView } from './order.view';

const createdAt = new Date('2026-01-01T10:00:00.000Z');

/** An order stored before payments existed (issue 12): no payment, no currency, a two-line address. */
function legacyOrder(): OrderRecord {
  return {
    _id: new Types.ObjectId('65f0c0ffee0000000000abcd'),
    number: 'ORD-250101-AAAAAAAA',
    userId: 'user-1',
    saga: 'COMPLETED',
    status: 'PENDING',
    lines: [],
    subtotal: 2500,
    total: 2500,
    shippingAddress: { name: 'Ada', line1: '1 Road', city: 'London', postalCode: 'N1', country: 'GB' },
    statusHistory: [{ status: 'PENDING', at: createdAt, by: 'user-1' }],
    cartCleared: true,
    createdAt,
    updatedAt: createdAt,
  } as unknown as OrderRecord;
}

describe('toOrderView', () => {
  it('shows an order placed before payments as an unpaid sandbox payment of its total, due when it was placed', () => {
    const view = toOrderView(legacyOrder());
    expect(view.currency).toBe('');
    expect(view.payment).toEqual({
      status: 'pending',
      provider: 'sandbox',
      amount: 2500,
      currency: '',
      refundedAmount: 0,
      deadline: '2026-01-01T10:00:00.000Z',
    });
  });

  it('leaves out the address lines, reasons and failure codes an order does not have', () => {
    const view = toOrderView(legacyOrder());
    expect(view.shippingAddress).toEqual({
      name: 'Ada',
      line1: '1 Road',
      city: 'London',
      postalCode: 'N1',
      country: 'GB',
    });
    expect(view.statusHistory).toEqual([{ status: 'PENDING', at: '2026-01-01T10:00:00.000Z', by: 'user-1' }]);
  });

  it('shows every address line, the currency and a failed payment with its decline code', () => {
    const deadline = new Date('2026-01-01T10:15:00.000Z');
    const view = toOrderView({
      ...legacyOrder(),
      currency: 'EUR',
      shippingAddress: { ...legacyOrder().shippingAddress, line2: 'Flat 2', region: 'Greater London' },
      payment: {
        status: 'failed',
        provider: 'stripe',
        amount: 2500,
        currency: 'EUR',
        refundedAmount: 0,
        deadline,
        attempts: 1,
        declines: 1,
        failureCode: 'insufficient_funds',
        appliedEvents: [],
      },
    } as unknown as OrderRecord);
    expect(view.shippingAddress).toMatchObject({ line2: 'Flat 2', region: 'Greater London' });
    expect(view.payment).toEqual({
      status: 'failed',
      provider: 'stripe',
      amount: 2500,
      currency: 'EUR',
      refundedAmount: 0,
      deadline: '2026-01-01T10:15:00.000Z',
      failureCode: 'insufficient_funds',
    });
  });
});
