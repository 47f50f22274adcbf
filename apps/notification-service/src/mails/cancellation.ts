import { type OrderEventPayload } from '@app/messaging';

/**
 * Why an order was cancelled, as a sentence for the shopper. order-service sends a code for what it decides
 * itself (PAYMENT_FAILED, PAYMENT_EXPIRED, RESERVATION_EXPIRED) and says who cancelled (`cancelledBy`); a
 * shopper's or admin's own reason is free text, quoted as written (and escaped where rendered).
 */
export function cancellationSentence(order: Pick<OrderEventPayload, 'reason' | 'cancelledBy'>): string {
  const { reason } = order;
  switch (reason) {
    case 'PAYMENT_FAILED':
      return 'We cancelled it because the payment was declined, so nothing was charged for it.';
    case 'PAYMENT_EXPIRED':
      return 'We cancelled it because it was not paid by the payment deadline; the items are back in stock.';
    case 'RESERVATION_EXPIRED':
      return 'We cancelled it because we could no longer hold the items for you.';
  }
  const because = reason ? ` The reason given: “${reason}”.` : '';
  switch (order.cancelledBy) {
    case 'shopper':
      return `It was cancelled at your request.${because}`;
    case 'admin':
      return `Our team cancelled it.${because} Reply to this mail if you would like to know more.`;
    default:
      return `It has been cancelled.${because}`;
  }
}

/** What happens to the money: a cancelled paid order is refunded in full. */
export function refundSentence(paid: boolean): string | undefined {
  return paid
    ? 'You had already paid: a full refund is on its way to your original payment method and usually arrives within 5 to 10 business days.'
    : undefined;
}
