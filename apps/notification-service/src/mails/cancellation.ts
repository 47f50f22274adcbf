/**
 * Why an order was cancelled, as a sentence for the shopper. order-service sends a code for what it decides
 * itself (PAYMENT_FAILED, PAYMENT_EXPIRED) and for who cancelled (CANCELLED_BY_SHOPPER, CANCELLED_BY_ADMIN);
 * any other value is the free text a shopper or admin gave, quoted as written (and escaped where rendered).
 */
export function cancellationSentence(reason: string | undefined): string {
  switch (reason) {
    case 'PAYMENT_FAILED':
      return 'We cancelled it because the payment was declined, so nothing was charged for it.';
    case 'PAYMENT_EXPIRED':
      return 'We cancelled it because it was not paid by the payment deadline; the items are back in stock.';
    case 'CANCELLED_BY_SHOPPER':
      return 'It was cancelled at your request.';
    case 'CANCELLED_BY_ADMIN':
      return 'Our team cancelled it. Reply to this mail if you would like to know more.';
    case undefined:
    case '':
      return 'It has been cancelled.';
    default:
      return `It was cancelled with this reason: “${reason}”.`;
  }
}

/** What happens to the money: a cancelled paid order is refunded in full. */
export function refundSentence(paid: boolean): string | undefined {
  return paid
    ? 'You had already paid: a full refund is on its way to your original payment method and usually arrives within 5 to 10 business days.'
    : undefined;
}
