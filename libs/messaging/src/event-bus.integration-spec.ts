import { randomUUID } from 'node:crypto';
import { type EventEnvelope, newEvent } from './event-envelope';
import { type Delivery, PermanentEventError } from './event-consumer';
import { BusUnavailableError } from './event-publisher';
import { brokerAdmin, busFor } from './messaging-fixture';
import { deadLetterQueueOf, unroutedQueueOf } from './topology';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > until) return value;
    await sleep(25);
  }
}

type Bus = ReturnType<typeof busFor>;

/** A bus, one consumer queue on it, and cleanup of everything the test declared. */
async function setUp(options: Parameters<typeof busFor>[0] = {}) {
  const bus = busFor(options);
  const queue = `test-${randomUUID()}.events`;
  const admin = await brokerAdmin();
  const buses: Bus[] = [bus];
  return {
    bus,
    queue,
    admin,
    another: () => {
      const next = busFor({ ...options, exchange: bus.config.exchange });
      buses.push(next);
      return next;
    },
    async tearDown() {
      for (const each of buses) await each.close();
      await admin.remove(bus.config.exchange, [queue], bus.config.retryBaseMs, bus.config.maxAttempts);
      await admin.close();
    },
  };
}

const placed = (n: number) => newEvent('order.placed', { n }, { source: 'order-service' });

describe('the event bus against a real RabbitMQ', () => {
  let fixture: Awaited<ReturnType<typeof setUp>>;
  afterEach(() => fixture.tearDown());

  it('delivers a confirmed event to the bound queue with its envelope intact, and only the types bound', async () => {
    fixture = await setUp();
    const { bus, queue } = fixture;
    const received: EventEnvelope[] = [];
    await bus.consumer.subscribe({ queue, patterns: ['order.*'], handle: async (event) => void received.push(event) });
    await eventually(() => bus.consumer.isConsuming, Boolean);

    const event = placed(1);
    await bus.publisher.publish(event);
    await bus.publisher.publish(newEvent('user.registered', { n: 2 }, { source: 'user-service' }));

    expect(
      await eventually(
        () => received,
        (got) => got.length > 0,
      ),
    ).toEqual([event]);
    expect(await fixture.admin.depth(unroutedQueueOf(bus.config.exchange))).toBe(1);
    const metrics = await bus.metricsService.registry.metrics();
    expect(metrics).toContain('events_published_total{type="order.placed"} 1');
    expect(metrics).toMatch(
      new RegExp(`events_consumed_total\\{queue="${queue}",type="order.placed",outcome="acked"\\} 1`),
    );
    expect(metrics).toContain('messaging_connected 1');
  });

  it('retries a failing handler with growing delays and acknowledges once it succeeds', async () => {
    fixture = await setUp({ maxAttempts: 4, retryBaseMs: 100 });
    const { bus, queue } = fixture;
    const deliveries: { at: number; delivery: Delivery }[] = [];
    await bus.consumer.subscribe({
      queue,
      patterns: ['order.*'],
      handle: async (_event, delivery) => {
        deliveries.push({ at: Date.now(), delivery });
        if (delivery.attempt < 3) throw new Error('SMTP 421 try later');
      },
    });
    await eventually(() => bus.consumer.isConsuming, Boolean);
    await bus.publisher.publish(placed(1));

    await eventually(
      () => deliveries,
      (got) => got.length >= 3,
    );
    await sleep(300);
    expect(deliveries.map(({ delivery }) => delivery.attempt)).toEqual([1, 2, 3]);
    expect(deliveries[1].at - deliveries[0].at).toBeGreaterThanOrEqual(90);
    expect(deliveries[2].at - deliveries[1].at).toBeGreaterThanOrEqual(190);
    expect(await fixture.admin.depth(deadLetterQueueOf(queue))).toBe(0);
    expect(await bus.metricsService.registry.metrics()).toMatch(/events_retried_total\{[^}]*\} 2/);
  });

  it('dead-letters a message after the last attempt, a malformed one and a permanent failure at once, and keeps serving the rest', async () => {
    fixture = await setUp({ maxAttempts: 2, retryBaseMs: 50 });
    const { bus, queue, admin } = fixture;
    const handled: number[] = [];
    await bus.consumer.subscribe({
      queue,
      patterns: ['order.*'],
      handle: async (event) => {
        const { n } = event.payload as { n: number };
        if (n === 1) throw new Error('always fails');
        if (n === 2) throw new PermanentEventError('unknown version');
        handled.push(n);
      },
    });
    await eventually(() => bus.consumer.isConsuming, Boolean);
    await bus.publisher.publish(placed(1));
    await bus.publisher.publish(placed(2));
    admin.channel.publish(bus.config.exchange, 'order.placed', Buffer.from('{not json'), { persistent: true });
    await bus.publisher.publish(placed(3));

    await eventually(
      () => admin.depth(deadLetterQueueOf(queue)),
      (depth) => depth === 3,
    );
    expect(handled).toEqual([3]);
    const dead = [];
    for (
      let got = await admin.channel.get(deadLetterQueueOf(queue));
      got;
      got = await admin.channel.get(deadLetterQueueOf(queue))
    )
      dead.push({ body: got.content.toString(), headers: got.properties.headers });
    const bodies = dead.map(({ body }) => body);
    expect(bodies).toContain('{not json');
    const exhausted = dead.find(({ body }) => body.includes('"n":1'));
    expect(exhausted?.headers).toMatchObject({
      'x-attempt': 2,
      'x-last-error': 'always fails',
      'x-first-queue': queue,
    });
    expect(dead.find(({ body }) => body.includes('"n":2'))?.headers).toMatchObject({ 'x-attempt': 1 });
    expect(await bus.metricsService.registry.metrics()).toMatch(/events_dead_lettered_total\{[^}]*type="unknown"\} 1/);
  });

  it('holds at most the prefetch count of unacknowledged messages', async () => {
    fixture = await setUp({ prefetch: 2 });
    const { bus, queue } = fixture;
    let inHand = 0;
    let most = 0;
    let done = 0;
    await bus.consumer.subscribe({
      queue,
      patterns: ['order.*'],
      handle: async () => {
        inHand += 1;
        most = Math.max(most, inHand);
        await sleep(50);
        inHand -= 1;
        done += 1;
      },
    });
    await eventually(() => bus.consumer.isConsuming, Boolean);
    for (let n = 0; n < 8; n += 1) await bus.publisher.publish(placed(n));

    await eventually(
      () => done,
      (count) => count === 8,
    );
    expect(most).toBe(2);
  });

  it('redelivers what a consumer held when it died, to the next consumer, flagged as redelivered', async () => {
    fixture = await setUp();
    const { bus, queue } = fixture;
    let started = 0;
    await bus.consumer.subscribe({
      queue,
      patterns: ['order.*'],
      handle: () => {
        started += 1;
        return new Promise(() => undefined); // never finishes: the process dies mid-message
      },
    });
    await eventually(() => bus.consumer.isConsuming, Boolean);
    await bus.publisher.publish(placed(7));
    await eventually(
      () => started,
      (count) => count === 1,
    );
    await bus.connection.onApplicationShutdown(); // the connection drops without an acknowledgement

    const next = fixture.another();
    const redelivered: Delivery[] = [];
    await next.consumer.subscribe({ queue, patterns: ['order.*'], handle: async (_e, d) => void redelivered.push(d) });
    expect(
      await eventually(
        () => redelivered,
        (got) => got.length === 1,
      ),
    ).toEqual([{ attempt: 1, redelivered: true }]);
  });

  it('refuses to publish at once, without buffering, when the broker cannot be reached', async () => {
    fixture = await setUp();
    const away = busFor({ url: 'amqp://guest:guest@127.0.0.1:1', exchange: fixture.bus.config.exchange });
    const started = Date.now();

    await expect(away.publisher.publish(placed(1))).rejects.toBeInstanceOf(BusUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(away.publisher.available).toBe(false);
    await away.close();
  });

  it('puts AMQP_QUEUE_PREFIX before the queue name, so runs sharing a broker keep their queues apart', async () => {
    fixture = await setUp({ queuePrefix: 'run-42.' });
    const { bus, queue, admin } = fixture;
    const received: EventEnvelope[] = [];
    await bus.consumer.subscribe({ queue, patterns: ['order.*'], handle: async (event) => void received.push(event) });
    await eventually(() => bus.consumer.isConsuming, Boolean);
    await bus.publisher.publish(placed(1));

    expect(
      await eventually(
        () => received,
        (got) => got.length === 1,
      ),
    ).toHaveLength(1);
    expect(await admin.depth(`run-42.${queue}`)).toBe(0);
    await admin.remove(bus.config.exchange, [`run-42.${queue}`], bus.config.retryBaseMs, bus.config.maxAttempts);
  });

  it('refuses to publish when the bus is off', async () => {
    fixture = await setUp();
    const off = busFor({ url: undefined });
    (off.config as { url?: string }).url = undefined;

    await expect(off.publisher.publish(placed(1))).rejects.toThrow('the event bus is off');
    await expect(off.consumer.subscribe({ queue: 'x', patterns: [], handle: async () => undefined })).rejects.toThrow(
      'AMQP_URL is not set',
    );
  });
});
