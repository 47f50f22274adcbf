import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import Stripe from 'stripe';
import { eventually, http, type HttpResult } from '../../../test/support/http';
import { OrderSweeper } from '../src/orders/orders-sweeper.service';
import { PaymentProvider } from '../src/payments/payment-provider';
import { type Shop, startShop } from './support/shop';
import {
  ADDRESS,
  addToCart,
  createProduct,
  newShopper,
  ordersCollection,
  payOrder,
  placeOrder,
  reservationStatus,
  stockOf,
} from './support/shopping';

/** Our own signing secret, so only deliveries signed here (or by the sandbox with it) are accepted. */
const WEBHOOK_SECRET = 'whsec_test_e2e';
const WEBHOOK = '/api/v1/payments/stripe/webhook';
const MAX_ATTEMPTS = 3;

type Shopper = ReturnType<typeof newShopper>;
type Json = Record<string, unknown>;

interface Placed {
  shopper: Shopper;
  product: string;
  id: string;
  order: Json;
  /** When the placement's answer arrived (the client's clock: the same machine's). */
  answeredAt: number;
}

/** A shopper of their own places an order of `quantity` units of a new product (stock `stock`, 1250 each). */
async function placeNew(shop: Shop, quantity = 2, stock = 5): Promise<Placed> {
  const product = await createProduct(shop, stock, 1250, 'Desk lamp');
  const shopper = newShopper();
  await addToCart(shop, shopper.token, product, quantity);
  const placed = await placeOrder(shop, shopper.token);
  const answeredAt = Date.now();
  if (placed.status !== 201) throw new Error(`order not placed: ${placed.status} ${placed.text}`);
  return { shopper, product, id: placed.json.id as string, order: placed.json, answeredAt };
}

const getOrder = async (shop: Shop, token: string, id: string): Promise<Json> =>
  (await http(shop.order.baseUrl, `/api/v1/orders/${id}`, { token })).json;

/** The stored document, for what the API does not show (attempts, applied events, the refund owed). */
const storedOrder = async (shop: Shop, id: string): Promise<Json> =>
  (await ordersCollection(shop).findOne({ _id: new Types.ObjectId(id) })) as Json;

const storedPayment = async (shop: Shop, id: string) =>
  (await storedOrder(shop, id)).payment as {
    status: string;
    attempts: number;
    appliedEvents: string[];
    refundedAmount: number;
    refund?: { status: string; amount: number; refundId?: string };
  };

const statusesOf = (order: Json): string[] => (order.statusHistory as { status: string }[]).map((c) => c.status);

/** Delivers a Stripe-shaped event to the webhook route, signed as Stripe signs it (or with another secret). */
function deliver(shop: Shop, event: object, secret = WEBHOOK_SECRET): Promise<HttpResult> {
  const payload = JSON.stringify(event);
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  return http(shop.order.baseUrl, WEBHOOK, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

/** `payment_intent.succeeded` for an order, as Stripe sends it. */
const succeededEvent = (orderId: string, paymentIntent: string, amount: number, id = `evt_${randomUUID()}`) => ({
  id,
  object: 'event',
  type: 'payment_intent.succeeded',
  data: {
    object: { id: paymentIntent, object: 'payment_intent', amount, amount_received: amount, metadata: { orderId } },
  },
});

describe('order-service: paying for an order (sandbox provider, real product, cart and user services)', () => {
  describe('with the simulated webhooks arriving shortly after each answer', () => {
    let shop: Shop;
    const sweep = () => shop.order.app.get(OrderSweeper).sweep();
    const provider = () => shop.order.app.get(PaymentProvider);

    /** Waits until the sandbox's simulated webhooks for this order (`count` of them) have been applied. */
    const eventsApplied = (id: string, count: number) =>
      eventually(async () => (await storedPayment(shop, id)).appliedEvents.length === count, 5_000, 50);

    beforeAll(async () => {
      shop = await startShop({
        order: {
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          SANDBOX_EVENT_DELAY_MS: '20',
          PAYMENT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
          PAYMENT_TIMEOUT_SECONDS: '60',
        },
      });
    });
    afterEach(() => jest.restoreAllMocks());
    afterAll(async () => shop.close());

    it('pays and confirms: the reservation is confirmed, the stock stays taken, the order shows its payment', async () => {
      const { shopper, product, id, order, answeredAt } = await placeNew(shop, 2, 5);
      expect(order).toMatchObject({ status: 'PENDING_PAYMENT', total: 2500 });
      // PAYMENT_TIMEOUT_SECONDS after the placement: counted from the moment the stock was reserved, which lies
      // between the order's creation and the answer (a loaded machine may take seconds in between).
      const deadline = Date.parse((order.payment as { deadline: string }).deadline);
      expect(deadline).toBeGreaterThanOrEqual(Date.parse(order.createdAt as string) + 60_000);
      expect(deadline).toBeLessThanOrEqual(answeredAt + 60_000);

      const paid = await payOrder(shop, shopper.token, id);

      expect(paid.status).toBe(200);
      expect(paid.json).toMatchObject({ status: 'succeeded', order: { id, status: 'CONFIRMED' } });
      expect(paid.json).not.toHaveProperty('failureCode');
      expect(await reservationStatus(shop, id)).toBe('CONFIRMED');
      expect(await stockOf(shop, product)).toBe(3);
      const read = await getOrder(shop, shopper.token, id);
      expect(read.payment).toEqual({
        status: 'succeeded',
        provider: 'sandbox',
        amount: 2500,
        currency: 'EUR',
        refundedAmount: 0,
        deadline: (order.payment as { deadline: string }).deadline,
      });
      expect(read.statusHistory).toEqual([
        { status: 'PENDING_PAYMENT', by: shopper.id, at: expect.any(String) },
        { status: 'CONFIRMED', by: 'order-service', reason: 'PAYMENT_SUCCEEDED', at: expect.any(String) },
      ]);

      // The simulated payment_intent.succeeded that follows changes nothing more.
      await eventsApplied(id, 1);
      const after = await getOrder(shop, shopper.token, id);
      expect({ ...after, updatedAt: undefined }).toEqual({ ...read, updatedAt: undefined });
      expect(await stockOf(shop, product)).toBe(3);
    });

    it('answers a declined card with its decline code, keeps the order waiting, and confirms it with another card', async () => {
      const { shopper, product, id } = await placeNew(shop, 1, 5);

      const declined = await payOrder(shop, shopper.token, id, 'pm_card_chargeDeclinedInsufficientFunds');

      expect(declined.status).toBe(200);
      expect(declined.json).toMatchObject({
        status: 'failed',
        failureCode: 'insufficient_funds',
        order: { status: 'PENDING_PAYMENT', payment: { status: 'failed', failureCode: 'insufficient_funds' } },
      });
      expect(await reservationStatus(shop, id)).toBe('RESERVED');
      expect(await stockOf(shop, product)).toBe(4);

      const paid = await payOrder(shop, shopper.token, id, 'pm_card_mastercard');

      expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      expect((paid.json.order as Json).payment).not.toHaveProperty('failureCode');
      await eventsApplied(id, 2); // the decline's and the payment's simulated webhooks, whatever their order
      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CONFIRMED', payment: { status: 'succeeded', refundedAmount: 0 } });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CONFIRMED']);
      expect(await reservationStatus(shop, id)).toBe('CONFIRMED');
      expect(await stockOf(shop, product)).toBe(4);
    });

    it(`cancels the order at the ${MAX_ATTEMPTS}rd decline (PAYMENT_FAILED) and gives the stock back exactly once`, async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      const cards = ['pm_card_chargeDeclined', 'pm_card_chargeDeclinedExpiredCard', 'pm_card_chargeDeclinedLostCard'];
      const answers: HttpResult[] = [];
      for (const card of cards) answers.push(await payOrder(shop, shopper.token, id, card));

      expect(answers.map((answer) => [answer.status, answer.json.status, answer.json.failureCode])).toEqual([
        [200, 'failed', 'generic_decline'],
        [200, 'failed', 'expired_card'],
        [200, 'failed', 'lost_card'],
      ]);
      expect((answers[1].json.order as Json).status).toBe('PENDING_PAYMENT');
      const last = answers[2].json.order as Json;
      expect(last.status).toBe('CANCELLED');
      expect((last.statusHistory as object[]).at(-1)).toEqual({
        status: 'CANCELLED',
        by: 'order-service',
        reason: 'PAYMENT_FAILED',
        at: expect.any(String),
      });
      expect(await stockOf(shop, product)).toBe(5);
      expect(await reservationStatus(shop, id)).toBe('RELEASED');

      // The three simulated payment_failed webhooks and a sweep later: still cancelled once, stock back once.
      await eventsApplied(id, 3);
      await sweep();
      const read = await getOrder(shop, shopper.token, id);
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CANCELLED']);
      expect(await stockOf(shop, product)).toBe(5);
      const again = await payOrder(shop, shopper.token, id);
      expect(again.status).toBe(409);
      expect(again.json).toMatchObject({ code: 'ORDER_NOT_PAYABLE', orderStatus: 'CANCELLED' });
    });

    it('counts only declines towards PAYMENT_MAX_ATTEMPTS: an unknown method or an unfinished authentication is not one', async () => {
      const { shopper, product, id } = await placeNew(shop, 1, 5);

      const unknown = await payOrder(shop, shopper.token, id, 'pm_card_doesNotExist');
      expect(unknown.status).toBe(422);
      expect(unknown.json.code).toBe('PAYMENT_METHOD_INVALID');
      const action = await payOrder(shop, shopper.token, id, 'pm_card_authenticationRequired');
      expect(action.status).toBe(200);
      expect(action.json).toMatchObject({
        status: 'requires_action',
        nextAction: { type: 'use_stripe_sdk' },
        clientSecret: expect.any(String),
        order: { status: 'PENDING_PAYMENT', payment: { status: 'requires_action' } },
      });
      for (let decline = 1; decline < MAX_ATTEMPTS; decline += 1)
        expect((await payOrder(shop, shopper.token, id, 'pm_card_chargeDeclined')).json.status).toBe('failed');

      // MAX_ATTEMPTS - 1 declines so far: the order still waits for its payment, and can be paid.
      await eventsApplied(id, MAX_ATTEMPTS - 1);
      expect((await getOrder(shop, shopper.token, id)).status).toBe('PENDING_PAYMENT');
      const paid = await payOrder(shop, shopper.token, id);
      expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      expect(await stockOf(shop, product)).toBe(4);
    });

    it('cancels an unpaid order at its deadline (PAYMENT_EXPIRED) and gives the stock back', async () => {
      const { shopper, product, id } = await placeNew(shop, 3, 5);
      const waiting = await placeNew(shop, 1, 5); // not due yet: the sweep leaves it alone
      expect(await stockOf(shop, product)).toBe(2);
      // PAYMENT_TIMEOUT_SECONDS is 60 at least: the deadline is moved into the past instead of waiting for it.
      await ordersCollection(shop).updateOne(
        { _id: new Types.ObjectId(id) },
        { $set: { 'payment.deadline': new Date(Date.now() - 1_000) } },
      );

      const late = await payOrder(shop, shopper.token, id);
      expect(late.status).toBe(409);
      expect(late.json.code).toBe('PAYMENT_EXPIRED');

      expect(await sweep()).toMatchObject({ expired: 1 });

      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CANCELLED', payment: { status: 'pending', refundedAmount: 0 } });
      expect((read.statusHistory as object[]).at(-1)).toEqual({
        status: 'CANCELLED',
        by: 'order-service',
        reason: 'PAYMENT_EXPIRED',
        at: expect.any(String),
      });
      expect(await stockOf(shop, product)).toBe(5);
      expect(await reservationStatus(shop, id)).toBe('RELEASED');
      expect((await getOrder(shop, waiting.shopper.token, waiting.id)).status).toBe('PENDING_PAYMENT');
      expect(await sweep()).toMatchObject({ expired: 0 });
      expect(await stockOf(shop, product)).toBe(5);
      expect((await payOrder(shop, shopper.token, id)).json.code).toBe('ORDER_NOT_PAYABLE');
    });

    it('refunds a paid order in full when it is cancelled, and records the refund', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      expect((await payOrder(shop, shopper.token, id)).json.status).toBe('succeeded');
      await eventsApplied(id, 1);
      const refunds = jest.spyOn(provider(), 'refund');

      const cancelled = await http(shop.order.baseUrl, `/api/v1/orders/${id}/cancel`, {
        method: 'POST',
        token: shopper.token,
        json: { reason: 'Changed my mind' },
      });

      expect(cancelled.status).toBe(200);
      expect(cancelled.json).toMatchObject({ status: 'CANCELLED', payment: { amount: 2500, refundedAmount: 2500 } });
      expect(refunds).toHaveBeenCalledTimes(1);
      expect(refunds).toHaveBeenCalledWith(expect.objectContaining({ orderId: id, amount: 2500 }));
      expect(await stockOf(shop, product)).toBe(5);
      // The sandbox's charge.refunded follows; the payment then reads refunded, in full, once.
      await eventsApplied(id, 2);
      const read = await getOrder(shop, shopper.token, id);
      expect(read.payment).toMatchObject({ status: 'refunded', amount: 2500, refundedAmount: 2500 });
      expect((await storedPayment(shop, id)).refund).toMatchObject({
        status: 'succeeded',
        amount: 2500,
        refundId: expect.stringMatching(/^re_sandbox_/),
      });
      expect(await sweep()).toMatchObject({ refundsSent: 0 });
      expect(refunds).toHaveBeenCalledTimes(1);
    });

    it('refunds a payment that succeeds for an order cancelled while the provider was deciding', async () => {
      const { shopper, product, id } = await placeNew(shop, 1, 5);
      const sandbox = provider();
      const pay = sandbox.pay.bind(sandbox);
      // The shopper cancels in another tab while the bank is still deciding this attempt.
      jest.spyOn(sandbox, 'pay').mockImplementation(async (request) => {
        const cancelled = await http(shop.order.baseUrl, `/api/v1/orders/${id}/cancel`, {
          method: 'POST',
          token: shopper.token,
        });
        expect(cancelled.json.status).toBe('CANCELLED');
        return pay(request);
      });
      const refunds = jest.spyOn(sandbox, 'refund');

      const paid = await payOrder(shop, shopper.token, id);

      expect(paid.status).toBe(200);
      expect(paid.json.order).toMatchObject({
        status: 'CANCELLED',
        payment: { status: 'refunded', amount: 1250, refundedAmount: 1250 },
      });
      expect(refunds).toHaveBeenCalledTimes(1);
      await eventsApplied(id, 2);
      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CANCELLED', payment: { status: 'refunded', refundedAmount: 1250 } });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CANCELLED']);
      expect(await stockOf(shop, product)).toBe(5);
      expect(refunds).toHaveBeenCalledTimes(1);
    });

    it('answers 404 to another shopper paying my order, and charges nothing', async () => {
      const { shopper, id } = await placeNew(shop, 1, 5);
      const pays = jest.spyOn(provider(), 'pay');
      const before = await storedOrder(shop, id);

      const foreign = await payOrder(shop, newShopper().token, id);

      expect(foreign.status).toBe(404);
      expect(foreign.json.code).toBe('ORDER_NOT_FOUND');
      expect((await payOrder(shop, shopper.token, '65a000000000000000000999')).status).toBe(404);
      expect(pays).not.toHaveBeenCalled();
      expect(await storedOrder(shop, id)).toEqual(before);
    });

    it.each<[string, unknown]>([
      ['an operator', { paymentMethod: { $ne: null } }],
      ['a dotted key', { 'paymentMethod.x': 'pm_card_visa' }],
      ['an injection attempt', { paymentMethod: "pm_card_visa' || '1'=='1" }],
      ['a number', { paymentMethod: 4242 }],
      ['an array', { paymentMethod: ['pm_card_visa'] }],
      ['no method', {}],
      ['a method without its pm_ prefix', { paymentMethod: 'card_visa' }],
      ['a client amount', { paymentMethod: 'pm_card_visa', amount: 1 }],
    ])('refuses %s with 400, and nothing changes', async (_label, body) => {
      const { shopper, id } = await placeNew(shop, 1, 5);
      const pays = jest.spyOn(provider(), 'pay');
      const before = await storedOrder(shop, id);

      const refused = await http(shop.order.baseUrl, `/api/v1/orders/${id}/payment`, {
        method: 'POST',
        token: shopper.token,
        json: body,
      });

      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('VALIDATION_FAILED');
      expect(pays).not.toHaveBeenCalled();
      expect(await storedOrder(shop, id)).toEqual(before);
    });

    it('answers `succeeded` again to paying a paid order, and charges it once', async () => {
      const { shopper, product, id } = await placeNew(shop, 1, 5);
      const pays = jest.spyOn(provider(), 'pay');
      const first = await payOrder(shop, shopper.token, id);
      await eventsApplied(id, 1);

      const second = await payOrder(shop, shopper.token, id, 'pm_card_amex');

      expect(second.status).toBe(200);
      expect(second.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      expect({ ...(second.json.order as Json), updatedAt: undefined }).toEqual({
        ...(first.json.order as Json),
        updatedAt: undefined,
      });
      expect(pays).toHaveBeenCalledTimes(1);
      expect(statusesOf(await getOrder(shop, shopper.token, id))).toEqual(['PENDING_PAYMENT', 'CONFIRMED']);
      expect((await storedPayment(shop, id)).attempts).toBe(1);
      expect(await stockOf(shop, product)).toBe(4);
    });

    it('20 shoppers placing and paying at once for 10 units: exactly 10 CONFIRMED orders and 10 clean 409s', async () => {
      const product = await createProduct(shop, 10, 700, 'Limited edition');
      const shoppers = Array.from({ length: 20 }, () => newShopper());
      for (const shopper of shoppers) await addToCart(shop, shopper.token, product, 1);

      // Correctness under contention, not speed: twenty sagas queue in one process, so the slowest may take
      // longer than the usual 10 s client deadline on a loaded machine (tools/bench measures latency).
      const burstDeadline = () => AbortSignal.timeout(60_000);
      const outcomes = await Promise.all(
        shoppers.map(async (shopper) => {
          const placed = await placeOrder(
            shop,
            shopper.token,
            randomUUID(),
            { shippingAddress: ADDRESS },
            burstDeadline(),
          );
          const paid =
            placed.status === 201
              ? await payOrder(shop, shopper.token, placed.json.id as string, 'pm_card_visa', burstDeadline())
              : undefined;
          return { placed, paid };
        }),
      );

      const refused = outcomes.filter(({ placed }) => placed.status === 409);
      const won = outcomes.filter(({ placed }) => placed.status === 201);
      expect(won).toHaveLength(10);
      expect(refused).toHaveLength(10);
      for (const { placed } of refused)
        expect(placed.json).toMatchObject({
          code: 'INSUFFICIENT_STOCK',
          lines: [{ productId: product, requested: 1, available: 0 }],
        });
      for (const { placed, paid } of won) {
        expect(paid?.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
        expect(await reservationStatus(shop, placed.json.id as string)).toBe('CONFIRMED');
      }
      const stored = await ordersCollection(shop)
        .find({ 'lines.productId': new Types.ObjectId(product) })
        .toArray();
      expect(stored.map((order) => order.status)).toEqual(Array.from({ length: 10 }, () => 'CONFIRMED'));
      expect(await stockOf(shop, product)).toBe(0);
    }, 150_000);

    it('cancels and refunds a paid order whose reservation was lost, and leaves it alone afterwards', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      // product-service lets the reservation go (as RESERVATION_TTL_SECONDS would) before the payment lands.
      const token = await http(shop.user.baseUrl, '/internal/v1/auth/token', {
        method: 'POST',
        json: { grantType: 'client_credentials', clientId: 'order-service', clientSecret: shop.orderClientSecret },
      });
      const released = await http(shop.product.baseUrl, `/internal/v1/stock/reservations/${id}`, {
        method: 'DELETE',
        token: token.json.accessToken as string,
      });
      expect(released.status).toBeLessThan(300);
      expect(await stockOf(shop, product)).toBe(5);

      const paid = await payOrder(shop, shopper.token, id);

      expect(paid.status).toBe(200);
      expect(paid.json.order).toMatchObject({
        status: 'CANCELLED',
        payment: { status: 'refunded', amount: 2500, refundedAmount: 2500 },
      });
      expect(((paid.json.order as Json).statusHistory as object[]).at(-1)).toMatchObject({
        status: 'CANCELLED',
        reason: 'RESERVATION_EXPIRED',
      });
      expect(await stockOf(shop, product)).toBe(5);
      // Nothing is left for the sweeper to confirm: product-service is not asked about it again.
      const confirms = () => shop.productProxy.seen.filter((call) => call.includes(`/${id}/confirm`)).length;
      const asked = confirms();
      await sweep();
      await sweep();
      expect(confirms()).toBe(asked);
      expect(await stockOf(shop, product)).toBe(5);
    });
  });

  describe('with webhooks delivered by the test (the simulated ones come a minute late)', () => {
    let shop: Shop;
    const provider = () => shop.order.app.get(PaymentProvider);

    beforeAll(async () => {
      shop = await startShop({
        // One decline cancels here, so that a decline reported only by webhook shows its effect at once.
        order: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, SANDBOX_EVENT_DELAY_MS: '60000', PAYMENT_MAX_ATTEMPTS: '1' },
      });
    });
    afterEach(() => jest.restoreAllMocks());
    afterAll(async () => shop.close());

    it('confirms once when payment_intent.succeeded arrives before the synchronous answer', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      const sandbox = provider();
      const pay = sandbox.pay.bind(sandbox);
      const webhooks: HttpResult[] = [];
      // Stripe's webhook overtakes the API's answer: delivered and applied before the answer is handled.
      jest.spyOn(sandbox, 'pay').mockImplementation(async (request) => {
        const attempt = await pay(request);
        webhooks.push(await deliver(shop, succeededEvent(id, attempt.providerPaymentId, request.amount)));
        return attempt;
      });

      const paid = await payOrder(shop, shopper.token, id);

      expect(webhooks.map((webhook) => [webhook.status, webhook.json])).toEqual([[200, { received: true }]]);
      expect(paid.status).toBe(200);
      expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CONFIRMED', payment: { status: 'succeeded', amount: 2500 } });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CONFIRMED']);
      expect(await reservationStatus(shop, id)).toBe('CONFIRMED');
      expect(await stockOf(shop, product)).toBe(3);
    });

    it('confirms once when it arrives after the answer, and again answers 200 to a replay, changing nothing', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      const paid = await payOrder(shop, shopper.token, id);
      expect(paid.json).toMatchObject({ status: 'succeeded', order: { status: 'CONFIRMED' } });
      const { providerPaymentId } = (await storedOrder(shop, id)).payment as { providerPaymentId: string };
      const event = succeededEvent(id, providerPaymentId, 2500);

      const after = await deliver(shop, event);
      expect(after.status).toBe(200);
      const once = await getOrder(shop, shopper.token, id);
      expect({ ...once, updatedAt: undefined }).toEqual({ ...(paid.json.order as Json), updatedAt: undefined });

      const replay = await deliver(shop, event);

      expect(replay.status).toBe(200);
      expect(await getOrder(shop, shopper.token, id)).toEqual(once);
      expect((await storedPayment(shop, id)).appliedEvents).toEqual([event.id]);
      expect(statusesOf(once)).toEqual(['PENDING_PAYMENT', 'CONFIRMED']);
      expect(await stockOf(shop, product)).toBe(3);
    });

    it('confirms an order from the webhook alone (3-D Secure completed in the browser), once for two deliveries', async () => {
      const { shopper, product, id } = await placeNew(shop, 1, 5);
      const action = await payOrder(shop, shopper.token, id, 'pm_card_authenticationRequired');
      expect(action.json).toMatchObject({ status: 'requires_action', order: { status: 'PENDING_PAYMENT' } });
      const { providerPaymentId } = (await storedOrder(shop, id)).payment as { providerPaymentId: string };
      const event = succeededEvent(id, providerPaymentId, 1250);

      const [first, second] = await Promise.all([deliver(shop, event), deliver(shop, event)]);

      expect([first.status, second.status]).toEqual([200, 200]);
      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CONFIRMED', payment: { status: 'succeeded' } });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CONFIRMED']);
      expect(await reservationStatus(shop, id)).toBe('CONFIRMED');
      expect(await stockOf(shop, product)).toBe(4);
      // Paying it now answers the payment the webhook recorded.
      expect((await payOrder(shop, shopper.token, id)).json).toMatchObject({ status: 'succeeded' });
    });

    it('counts a decline reported only by webhook (authentication failed) once: cancelled, stock back', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      const action = await payOrder(shop, shopper.token, id, 'pm_card_authenticationRequired');
      expect(action.json).toMatchObject({ status: 'requires_action', order: { status: 'PENDING_PAYMENT' } });
      const { providerPaymentId } = (await storedOrder(shop, id)).payment as { providerPaymentId: string };
      const failed = {
        id: `evt_${randomUUID()}`,
        type: 'payment_intent.payment_failed',
        data: {
          object: {
            id: providerPaymentId,
            amount: 2500,
            last_payment_error: { code: 'payment_intent_authentication_failure' },
            metadata: { orderId: id },
          },
        },
      };

      expect((await deliver(shop, failed)).status).toBe(200);
      expect((await deliver(shop, failed)).status).toBe(200);

      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({
        status: 'CANCELLED',
        payment: { status: 'failed', failureCode: 'payment_intent_authentication_failure' },
      });
      expect((read.statusHistory as object[]).at(-1)).toMatchObject({ status: 'CANCELLED', reason: 'PAYMENT_FAILED' });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CANCELLED']);
      expect((await storedOrder(shop, id)).payment).toMatchObject({ declines: 1 });
      expect(await stockOf(shop, product)).toBe(5);
    });

    it('refuses a delivery not signed with the webhook secret with 400 WEBHOOK_SIGNATURE_INVALID, changing nothing', async () => {
      const { shopper, id } = await placeNew(shop, 1, 5);
      const before = await storedOrder(shop, id);
      const event = succeededEvent(id, 'pi_forged', 1250);
      const payload = JSON.stringify(event);
      const signedForAnother = Stripe.webhooks.generateTestHeaderString({
        payload: JSON.stringify({ ...event, id: 'evt_other' }),
        secret: WEBHOOK_SECRET,
      });
      const stale = Stripe.webhooks.generateTestHeaderString({
        payload,
        secret: WEBHOOK_SECRET,
        timestamp: Math.floor(Date.now() / 1000) - 3_600,
      });
      const post = (headers: Record<string, string>) =>
        http(shop.order.baseUrl, WEBHOOK, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: payload,
        });

      const refused = [
        await deliver(shop, event, 'whsec_someone_else'),
        await post({}),
        await post({ 'stripe-signature': 't=1,v1=deadbeef' }),
        await post({ 'stripe-signature': signedForAnother }),
        await post({ 'stripe-signature': stale }),
      ];

      for (const answer of refused) {
        expect(answer.status).toBe(400);
        expect(answer.json.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      }
      expect(await storedOrder(shop, id)).toEqual(before);
      expect((await getOrder(shop, shopper.token, id)).status).toBe('PENDING_PAYMENT');
    });

    it('answers 200 to events it does not act on, and changes nothing', async () => {
      const { id } = await placeNew(shop, 1, 5);
      const before = await storedOrder(shop, id);
      const other = { id: `evt_${randomUUID()}`, type: 'customer.created', data: { object: { id: 'cus_1' } } };
      const outside = succeededEvent(id, 'pi_outside', 1250);
      delete (outside.data.object as { metadata?: unknown }).metadata;
      const unknownOrder = succeededEvent(new Types.ObjectId().toHexString(), 'pi_unknown', 1250);

      for (const event of [other, outside, unknownOrder]) expect((await deliver(shop, event)).status).toBe(200);

      expect(await storedOrder(shop, id)).toEqual(before);
    });

    it('refunds a payment whose webhook arrives for an order already cancelled, once for two deliveries', async () => {
      const { shopper, product, id } = await placeNew(shop, 2, 5);
      const cancelled = await http(shop.order.baseUrl, `/api/v1/orders/${id}/cancel`, {
        method: 'POST',
        token: shopper.token,
      });
      expect(cancelled.json).toMatchObject({ status: 'CANCELLED', payment: { refundedAmount: 0 } });
      expect(await stockOf(shop, product)).toBe(5);
      const refunds = jest.spyOn(provider(), 'refund');
      const event = succeededEvent(id, 'pi_late_payment', 2500);

      expect((await deliver(shop, event)).status).toBe(200);
      expect((await deliver(shop, event)).status).toBe(200);

      expect(refunds).toHaveBeenCalledTimes(1);
      expect(refunds).toHaveBeenCalledWith(
        expect.objectContaining({ orderId: id, providerPaymentId: 'pi_late_payment', amount: 2500 }),
      );
      const read = await getOrder(shop, shopper.token, id);
      expect(read).toMatchObject({ status: 'CANCELLED', payment: { status: 'refunded', refundedAmount: 2500 } });
      expect(statusesOf(read)).toEqual(['PENDING_PAYMENT', 'CANCELLED']);
      expect(await stockOf(shop, product)).toBe(5);
    });
  });
});
