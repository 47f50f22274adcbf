import { CatalogAnswerError, parseCatalogAnswer } from './parse-catalog-answer';

const item = {
  id: '65F0C0FFEE0000000000000A',
  sku: 'MUG',
  name: 'Mug',
  price: 1299,
  currency: 'EUR',
  stock: 3,
  active: true,
};

describe('parseCatalogAnswer', () => {
  it('takes the contract shape and normalises ids to lower case', () => {
    expect(parseCatalogAnswer({ items: [item] })).toEqual([{ ...item, id: '65f0c0ffee0000000000000a' }]);
    expect(parseCatalogAnswer({ items: [] })).toEqual([]);
  });

  it.each([
    ['no items', {}],
    ['a body that is not JSON', 'oops'],
    ['a fractional price', { items: [{ ...item, price: 12.5 }] }],
    ['a negative stock', { items: [{ ...item, stock: -1 }] }],
    ['a missing name', { items: [{ ...item, name: undefined }] }],
    ['a textual active flag', { items: [{ ...item, active: 'yes' }] }],
  ])('refuses %s, so a bad answer never prices a cart', (_case, body) => {
    expect(() => parseCatalogAnswer(body)).toThrow();
  });

  it('refuses a null item as an unreadable answer rather than failing on it', () => {
    expect(() => parseCatalogAnswer({ items: [item, null] })).toThrow(CatalogAnswerError);
  });
});
