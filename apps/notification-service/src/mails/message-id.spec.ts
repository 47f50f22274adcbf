import { messageIdFor, senderDomain } from './message-id';

describe('message ids', () => {
  it('takes the domain of the sender address, with or without a display name', () => {
    expect(senderDomain('Shop <orders@Shop.Example>')).toBe('shop.example');
    expect(senderDomain('orders@shop.example')).toBe('shop.example');
  });

  it('is the same for every attempt at one event and different for two events', () => {
    const id = '5b1f0e9e-0c1a-4a4e-9a53-2f4f7c2f1d10';
    expect(messageIdFor(id, 'orders@shop.example')).toBe(`<${id}.notification@shop.example>`);
    expect(messageIdFor(id, 'orders@shop.example')).toBe(messageIdFor(id, 'Shop <orders@shop.example>'));
    expect(messageIdFor('another', 'orders@shop.example')).not.toBe(messageIdFor(id, 'orders@shop.example'));
  });

  it('hashes an event id that could break the header', () => {
    expect(messageIdFor('a>b@c', 'orders@shop.example')).toMatch(/^<[0-9a-f]{64}\.notification@shop\.example>$/);
  });
});
