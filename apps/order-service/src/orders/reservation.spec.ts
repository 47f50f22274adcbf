import { parseReservation } from './reservation';

const line = { productId: 'p1', sku: 'MUG-001', name: 'Mug', unitPrice: 1250, currency: 'EUR', quantity: 2 };

describe('parseReservation', () => {
  it('takes the reservation exactly as product-service priced it', () => {
    expect(parseReservation({ reservationId: 'r1', lines: [line], extra: true })).toEqual({
      reservationId: 'r1',
      lines: [line],
    });
  });

  it.each([
    ['no body', undefined],
    ['no id', { lines: [line] }],
    ['no lines', { reservationId: 'r1', lines: [] }],
    ['lines that are not a list', { reservationId: 'r1', lines: {} }],
  ])('refuses an answer with %s', (_, body) => {
    expect(() => parseReservation(body)).toThrow('product-service answered the reservation without an id or lines');
  });

  it.each([
    ['an empty line', null, 'without product id, sku, name or currency'],
    ['a line without a currency', { ...line, currency: '' }, 'without product id, sku, name or currency'],
    ['a fractional price', { ...line, unitPrice: 12.5 }, 'with an invalid price or quantity'],
    ['a negative price', { ...line, unitPrice: -1 }, 'with an invalid price or quantity'],
    ['a quantity of zero', { ...line, quantity: 0 }, 'with an invalid price or quantity'],
  ])('refuses %s: an order never stores a price it was not sent', (_, bad, message) => {
    expect(() => parseReservation({ reservationId: 'r1', lines: [line, bad] })).toThrow(message);
  });
});
