import { ORDER_EVENT_TYPES, type OrderEventPayload } from '@app/messaging';
import { renderOrderMail } from './order-mails';

const order: OrderEventPayload = {
  orderId: '65b0000000000000000000c1',
  number: 'ORD-260101-AB12CD34',
  userId: '65a0000000000000000000aa',
  status: 'PENDING_PAYMENT',
  currency: 'EUR',
  subtotal: 5497,
  total: 5497,
  lines: [
    { sku: 'MUG-1', name: 'Mug', unitPrice: 1299, quantity: 2, lineTotal: 2598 },
    { sku: 'TEE-<L>', name: 'T-shirt <b>"Large"</b> & co', unitPrice: 2899, quantity: 1, lineTotal: 2899 },
  ],
  placedAt: '2026-01-01T10:00:00.000Z',
  paymentDeadline: '2026-01-01T10:15:00.000Z',
  paid: false,
};
const context = { recipientName: 'Ada <Lovelace>', shopUrl: 'https://shop.example' };
const render = (type: Parameters<typeof renderOrderMail>[0], changes: Partial<OrderEventPayload> = {}) =>
  renderOrderMail(type, { ...order, ...changes }, context);

describe('order mails', () => {
  it.each(ORDER_EVENT_TYPES)('%s: names the order number in the subject, both bodies and a link to it', (type) => {
    const mail = render(type, { paid: true, refundedAmount: 5497 });
    expect(mail.subject).toContain(order.number);
    expect(mail.text).toContain(order.number);
    expect(mail.html).toContain(order.number);
    expect(mail.text).toContain('https://shop.example/orders/65b0000000000000000000c1');
    expect(mail.html).toContain('href="https://shop.example/orders/65b0000000000000000000c1"');
    expect(mail.text).toContain('Hello Ada <Lovelace>,');
    expect(mail.html).toContain('Hello Ada &lt;Lovelace&gt;,');
  });

  it('order received: every line with sku, name, quantity, unit price and line total, the totals and the pay-by time', () => {
    const mail = render('order.placed');
    expect(mail.subject).toBe('We received your order ORD-260101-AB12CD34');
    expect(mail.text).toContain('- Mug (MUG-1): 2 x €12.99 = €25.98');
    expect(mail.text).toContain('- T-shirt <b>"Large"</b> & co (TEE-<L>): 1 x €28.99 = €28.99');
    expect(mail.text).toContain('Subtotal: €54.97');
    expect(mail.text).toContain('Total: €54.97');
    expect(mail.text).toContain('Pay by: 1 Jan 2026, 10:15 UTC');
    expect(mail.html).toContain('€12.99');
    expect(mail.html).toContain('€25.98');
    expect(mail.html).toContain('<strong>€54.97</strong>');
    expect(mail.html).toContain('1 Jan 2026, 10:15 UTC');
  });

  it('escapes every value in the HTML (product names, skus, reasons), and leaves the text as written', () => {
    const placed = render('order.placed');
    expect(placed.html).toContain('T-shirt &lt;b&gt;&quot;Large&quot;&lt;/b&gt; &amp; co');
    expect(placed.html).toContain('TEE-&lt;L&gt;');
    expect(placed.html).not.toContain('<b>');
    const reason = '<script>alert("x")</script>';
    const cancelled = render('order.cancelled', { status: 'CANCELLED', reason });
    expect(cancelled.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(cancelled.html).not.toContain('<script>');
    expect(cancelled.text).toContain(`“${reason}”`);
  });

  it('formats amounts in the order’s currency', () => {
    const mail = render('order.paid', { currency: 'JPY', total: 4500 });
    expect(mail.text).toContain('Amount paid: ¥4,500');
  });

  it.each([
    ['PAYMENT_FAILED', 'system', 'the payment was declined'],
    ['PAYMENT_EXPIRED', 'system', 'not paid by the payment deadline'],
    ['RESERVATION_EXPIRED', 'system', 'could no longer hold the items'],
    [undefined, 'shopper', 'It was cancelled at your request.'],
    ['Ordered the wrong size', 'shopper', 'at your request. The reason given: “Ordered the wrong size”.'],
    [
      'Out of stock at the supplier',
      'admin',
      'Our team cancelled it. The reason given: “Out of stock at the supplier”.',
    ],
    [undefined, undefined, 'It has been cancelled.'],
  ] as const)('cancelled (%s, by %s): says why in a sentence', (reason, cancelledBy, sentence) => {
    const mail = render('order.cancelled', { status: 'CANCELLED', reason, cancelledBy });
    expect(mail.subject).toBe('Your order ORD-260101-AB12CD34 has been cancelled');
    expect(mail.text).toContain(sentence);
    expect(mail.text).not.toContain('refund');
  });

  it('cancelled after payment: says a full refund is on its way', () => {
    const mail = render('order.cancelled', { status: 'CANCELLED', cancelledBy: 'shopper', paid: true });
    expect(mail.text).toContain('a full refund is on its way');
    expect(mail.text).toContain('Refund: €54.97');
    expect(mail.html).toContain('a full refund is on its way');
  });

  it('refunded: names the amount refunded', () => {
    const mail = render('payment.refunded', { status: 'CANCELLED', paid: true, refundedAmount: 2599 });
    expect(mail.subject).toBe('Refund of €25.99 for your order ORD-260101-AB12CD34');
    expect(mail.text).toContain('Amount refunded: €25.99');
  });

  it('order received without a deadline, and a refund without its amount: says what it knows', () => {
    const placed = render('order.placed', { paymentDeadline: undefined });
    expect(placed.text).toContain('We will confirm it as soon as your payment arrives.');
    expect(placed.text).not.toContain('Pay by');
    expect(render('payment.refunded', { paid: true }).text).toContain('Amount refunded: €54.97');
  });

  it('shipped and delivered: say so in the subject', () => {
    expect(render('order.shipped').subject).toBe('Your order ORD-260101-AB12CD34 has shipped');
    expect(render('order.delivered').subject).toBe('Your order ORD-260101-AB12CD34 has been delivered');
  });
});
