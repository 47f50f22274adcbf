import { type OrderEventPayload, type OrderEventType } from '@app/messaging';
import { cancellationSentence, refundSentence } from './cancellation';
import { type MailContent } from './mail-content';
import { renderMail } from './mail-layout';
import { type RenderedMail } from './mail-content';
import { formatMoney } from './money';

export interface OrderMailContext {
  recipientName: string;
  /** The shop's web address, without a trailing slash. */
  shopUrl: string;
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Deadlines are shown in UTC, and say so: the shop does not know the shopper's time zone. */
export function formatDateTime(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

/** The mail a shopper gets for one order event. */
export function renderOrderMail(
  type: OrderEventType,
  order: OrderEventPayload,
  context: OrderMailContext,
): RenderedMail {
  return renderMail(CONTENT[type](order, context.shopUrl), context.recipientName);
}

type ContentOf = (order: OrderEventPayload, shopUrl: string) => MailContent;

const money = (order: OrderEventPayload, minorUnits: number): string => formatMoney(minorUnits, order.currency);

const linkTo = (order: OrderEventPayload, shopUrl: string): MailContent['link'] => ({
  label: 'See your order',
  url: `${shopUrl}/orders/${encodeURIComponent(order.orderId)}`,
});

const CONTENT: Record<OrderEventType, ContentOf> = {
  'order.placed': (order, shopUrl) => ({
    subject: `We received your order ${order.number}`,
    heading: `Thank you for your order ${order.number}.`,
    paragraphs: [
      order.paymentDeadline
        ? `Please pay by ${formatDateTime(order.paymentDeadline)}; an order not paid by then is cancelled.`
        : 'We will confirm it as soon as your payment arrives.',
    ],
    lines: {
      items: order.lines.map((line) => ({
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPrice: money(order, line.unitPrice),
        lineTotal: money(order, line.lineTotal),
      })),
      subtotal: money(order, order.subtotal),
      total: money(order, order.total),
    },
    facts: [
      ['Order number', order.number],
      ...(order.paymentDeadline ? [['Pay by', formatDateTime(order.paymentDeadline)] as [string, string]] : []),
    ],
    link: linkTo(order, shopUrl),
  }),
  'order.paid': (order, shopUrl) => ({
    subject: `Payment confirmed for your order ${order.number}`,
    heading: `We have received your payment for order ${order.number}.`,
    paragraphs: ['Your order is confirmed and we are preparing it for shipping.'],
    facts: [
      ['Order number', order.number],
      ['Amount paid', money(order, order.total)],
    ],
    link: linkTo(order, shopUrl),
  }),
  'order.shipped': (order, shopUrl) => ({
    subject: `Your order ${order.number} has shipped`,
    heading: `Your order ${order.number} is on its way.`,
    paragraphs: ['It has been handed to the carrier.'],
    facts: [['Order number', order.number]],
    link: linkTo(order, shopUrl),
  }),
  'order.delivered': (order, shopUrl) => ({
    subject: `Your order ${order.number} has been delivered`,
    heading: `Your order ${order.number} has been delivered.`,
    paragraphs: ['We hope you enjoy it. If anything is wrong with it, reply to this mail.'],
    facts: [['Order number', order.number]],
    link: linkTo(order, shopUrl),
  }),
  'order.cancelled': (order, shopUrl) => {
    const refund = refundSentence(order.paid);
    return {
      subject: `Your order ${order.number} has been cancelled`,
      heading: `Your order ${order.number} has been cancelled.`,
      paragraphs: [cancellationSentence(order), ...(refund ? [refund] : [])],
      facts: [
        ['Order number', order.number],
        ...(order.paid ? [['Refund', money(order, order.total)] as [string, string]] : []),
      ],
      link: linkTo(order, shopUrl),
    };
  },
  'payment.refunded': (order, shopUrl) => {
    const refunded = money(order, order.refundedAmount ?? order.total);
    return {
      subject: `Refund of ${refunded} for your order ${order.number}`,
      heading: `We have refunded ${refunded} for your order ${order.number}.`,
      paragraphs: [
        'The money goes back to your original payment method; depending on your bank it can take 5 to 10 business days to appear.',
      ],
      facts: [
        ['Order number', order.number],
        ['Amount refunded', refunded],
      ],
      link: linkTo(order, shopUrl),
    };
  },
};
