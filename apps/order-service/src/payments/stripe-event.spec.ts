import { toPaymentEvent } from './stripe-event';

const event = (type: string, object: Record<string, unknown>) => ({ id: 'evt_1', type, data: { object } });
const metadata = { orderId: '65f0c0ffee0000000000abcd' };

describe('toPaymentEvent', () => {
  it('reads a succeeded PaymentIntent with the amount actually received', () => {
    expect(
      toPaymentEvent(event('payment_intent.succeeded', { id: 'pi_1', amount: 1500, amount_received: 1500, metadata })),
    ).toEqual({
      id: 'evt_1',
      type: 'payment.succeeded',
      orderId: metadata.orderId,
      providerPaymentId: 'pi_1',
      amount: 1500,
    });
  });

  it("reads a failed PaymentIntent with the card's decline code, else the error code", () => {
    const declined = { id: 'pi_1', metadata, last_payment_error: { code: 'card_declined', decline_code: 'lost_card' } };
    expect(toPaymentEvent(event('payment_intent.payment_failed', declined))).toMatchObject({
      type: 'payment.failed',
      failureCode: 'lost_card',
    });
    const plain = { id: 'pi_1', metadata, last_payment_error: { code: 'expired_card' } };
    expect(toPaymentEvent(event('payment_intent.payment_failed', plain))).toMatchObject({
      failureCode: 'expired_card',
    });
  });

  it('reads a refunded charge with the total refunded so far', () => {
    const charge = { id: 'ch_1', payment_intent: 'pi_1', amount_refunded: 700, metadata };
    expect(toPaymentEvent(event('charge.refunded', charge))).toEqual({
      id: 'evt_1',
      type: 'payment.refunded',
      orderId: metadata.orderId,
      providerPaymentId: 'pi_1',
      amountRefunded: 700,
    });
  });

  it('ignores other events, payments made outside this platform and malformed amounts', () => {
    expect(toPaymentEvent(event('customer.created', { id: 'cus_1', metadata }))).toBeUndefined();
    expect(toPaymentEvent(event('payment_intent.succeeded', { id: 'pi_1', amount: 10 }))).toBeUndefined();
    expect(toPaymentEvent(event('payment_intent.succeeded', { id: 'pi_1', amount: -5, metadata }))).toBeUndefined();
    expect(toPaymentEvent(event('charge.refunded', { amount_refunded: 1.5, payment_intent: 'pi', metadata }))).toBe(
      undefined,
    );
  });

  it('reads a failure without any error from Stripe as payment_failed, and ignores one without an intent id', () => {
    expect(toPaymentEvent(event('payment_intent.payment_failed', { id: 'pi_1', metadata }))).toMatchObject({
      type: 'payment.failed',
      failureCode: 'payment_failed',
    });
    expect(toPaymentEvent(event('payment_intent.payment_failed', { metadata }))).toBeUndefined();
  });

  it('ignores an event without a data object', () => {
    expect(toPaymentEvent({ id: 'evt_1', type: 'payment_intent.succeeded' } as never)).toBeUndefined();
  });
});
