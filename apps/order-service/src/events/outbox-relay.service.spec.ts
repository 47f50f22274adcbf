import { Types } from 'mongoose';
import { BusUnavailableError, type EventPublisher } from '@app/messaging';
import { type OrderSettings } from '../order-settings';
import { type OrderRecord } from '../orders/order.view';
import { type OutboxEvent } from '../orders/schemas/order.schema';
import { type OutboxMetrics } from './outbox.metrics';
import { type OutboxRepository } from './outbox.repository';
import { OutboxRelay } from './outbox-relay.service';
import { OutboxSignal } from './outbox-signal';

const entry = (id: string, type: string, minutesAgo = 0): OutboxEvent =>
  ({
    id,
    type,
    status: 'CONFIRMED',
    paid: true,
    occurredAt: new Date(Date.now() - minutesAgo * 60_000),
  }) as OutboxEvent;

const order = (outbox: OutboxEvent[]): OrderRecord =>
  ({
    _id: new Types.ObjectId(),
    number: 'ORD-1',
    userId: 'u1',
    currency: 'EUR',
    subtotal: 100,
    total: 100,
    lines: [],
    createdAt: new Date(),
    outbox,
  }) as unknown as OrderRecord;

function setUp(pending: OrderRecord[][], available = true) {
  const outbox = {
    findPending: jest.fn(() => Promise.resolve(pending.shift() ?? [])),
    markPublished: jest.fn(() => Promise.resolve()),
  };
  const publisher = { available, publish: jest.fn((_event: { id: string }) => Promise.resolve()) };
  const metrics = { backlog: jest.fn() };
  const signal = new OutboxSignal();
  const relay = new OutboxRelay(
    outbox as unknown as OutboxRepository,
    publisher as unknown as EventPublisher,
    metrics as unknown as OutboxMetrics,
    signal,
    { outboxRelayIntervalMs: 60_000 } as OrderSettings,
  );
  return { relay, outbox, publisher, metrics, signal };
}

describe('OutboxRelay', () => {
  it("publishes each order's events in order and removes each only after the broker confirmed it", async () => {
    const first = order([entry('a:order.placed', 'order.placed'), entry('a:order.paid', 'order.paid')]);
    const { relay, outbox, publisher } = setUp([[first], []]);

    await expect(relay.relay()).resolves.toBe(2);

    expect(publisher.publish.mock.calls.map(([event]) => event.id)).toEqual(['a:order.placed', 'a:order.paid']);
    expect(outbox.markPublished.mock.calls).toEqual([
      [first._id, 'a:order.placed'],
      [first._id, 'a:order.paid'],
    ]);
  });

  it('publishes an event recorded twice (two writers raced to record it) once', async () => {
    const twice = order([
      entry('b:payment.refunded', 'payment.refunded'),
      entry('b:payment.refunded', 'payment.refunded'),
    ]);
    const { relay, publisher } = setUp([[twice], []]);

    await expect(relay.relay()).resolves.toBe(1);
    expect(publisher.publish).toHaveBeenCalledTimes(1);
  });

  it('stops at the first unconfirmed event and keeps it, so nothing after it overtakes it', async () => {
    const waiting = order([entry('c:order.placed', 'order.placed'), entry('c:order.paid', 'order.paid')]);
    const { relay, outbox, publisher } = setUp([[waiting]]);
    publisher.publish.mockRejectedValueOnce(new BusUnavailableError('no confirm'));
    jest.spyOn(relay['logger'], 'warn').mockImplementation(() => undefined);

    await expect(relay.relay()).resolves.toBe(0);
    expect(publisher.publish).toHaveBeenCalledTimes(1);
    expect(outbox.markPublished).not.toHaveBeenCalled();
  });

  it('leaves everything in the outbox while the broker is away, and reports the backlog and its age', async () => {
    const { relay, publisher, metrics } = setUp([[order([entry('d:order.placed', 'order.placed', 5)])]], false);
    jest.spyOn(relay['logger'], 'warn').mockImplementation(() => undefined);

    await expect(relay.relay()).resolves.toBe(0);
    expect(publisher.publish).not.toHaveBeenCalled();
    const [events, ageSeconds] = metrics.backlog.mock.calls[0] as [number, number];
    expect(events).toBe(1);
    expect(ageSeconds).toBeGreaterThanOrEqual(299);
  });

  it('runs again right after the pass in progress when a new event is recorded meanwhile', async () => {
    const { relay, signal, outbox } = setUp([[], [order([entry('e:order.paid', 'order.paid')])], []]);
    relay.onApplicationBootstrap(); // starts a pass at once
    signal.recorded(); // arrives while it runs

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outbox.markPublished).toHaveBeenCalledWith(expect.anything(), 'e:order.paid');
    await relay.onApplicationShutdown();
  });

  it('is not woken by new events while the broker is away (each would be a wasted read): the poll finds them', async () => {
    const { relay, signal, outbox } = setUp([[], []], false);
    relay.onApplicationBootstrap();
    await new Promise((resolve) => setTimeout(resolve, 10));
    signal.recorded();
    signal.recorded();

    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(outbox.findPending).toHaveBeenCalledTimes(1); // the first pass only
    await relay.onApplicationShutdown();
  });

  it('does nothing at all with OUTBOX_RELAY_INTERVAL_MS=0', async () => {
    const { relay, outbox } = setUp([]);
    (relay['settings'] as { outboxRelayIntervalMs: number }).outboxRelayIntervalMs = 0;
    relay.onApplicationBootstrap();
    await relay.onApplicationShutdown();
    expect(outbox.findPending).not.toHaveBeenCalled();
  });
});
