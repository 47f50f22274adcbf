import { randomUUID } from 'node:crypto';
import { newEvent } from '../../libs/messaging/src/event-envelope';
import { brokerAdmin, busFor, testAmqpUrl } from '../../libs/messaging/src/messaging-fixture';

/**
 * `npm run bench:events`: the event bus as order-service and notification-service use it (libs/messaging:
 * persistent messages, publisher confirms, quorum queue, manual acknowledgements) against the RabbitMQ on
 * 127.0.0.1:5672 (or AMQP_URL), on an exchange and queue of its own that it removes afterwards.
 * 1. Throughput: BENCH_EVENTS events (default 5000) published with at most BENCH_IN_FLIGHT (default 50)
 *    unconfirmed at once, consumed with prefetch BENCH_PREFETCH (default 50): confirmed publishes per second and
 *    events consumed per second from the first publish to the last acknowledgement.
 * 2. Latency: BENCH_RATE events per second (default 200) for BENCH_DURATION seconds (default 10): from the
 *    publish call to the consumer's handler (publish-to-consume), and to the broker's confirm.
 */
const total = Number(process.env.BENCH_EVENTS ?? 5_000);
const inFlight = Number(process.env.BENCH_IN_FLIGHT ?? 50);
const prefetch = Number(process.env.BENCH_PREFETCH ?? 50);
const rate = Number(process.env.BENCH_RATE ?? 200);
const duration = Number(process.env.BENCH_DURATION ?? 10);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
const ms = (value: number) => Math.round(value * 10) / 10;

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: ms(percentile(sorted, 0.5)),
    p95: ms(percentile(sorted, 0.95)),
    p99: ms(percentile(sorted, 0.99)),
    max: ms(sorted.at(-1) ?? 0),
  };
}

async function withBus<T>(run: (bus: ReturnType<typeof busFor>, queue: string) => Promise<T>): Promise<T> {
  const bus = busFor({ prefetch, exchange: `bench.events.${randomUUID()}` });
  const queue = `bench-${randomUUID()}.events`;
  try {
    return await run(bus, queue);
  } finally {
    await bus.close();
    const admin = await brokerAdmin();
    await admin.remove(bus.config.exchange, [queue], bus.config.retryBaseMs, bus.config.maxAttempts);
    await admin.close();
  }
}

async function ready(bus: ReturnType<typeof busFor>): Promise<void> {
  const until = Date.now() + 10_000;
  while (!bus.consumer.isConsuming || !bus.publisher.available) {
    if (Date.now() > until) throw new Error(`RabbitMQ at ${testAmqpUrl().replace(/\/\/[^@]*@/, '//')} does not answer`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function throughput() {
  return withBus(async (bus, queue) => {
    let consumed = 0;
    let lastConsumedAt = 0;
    await bus.consumer.subscribe({
      queue,
      patterns: ['bench.*'],
      handle: async () => {
        consumed += 1;
        lastConsumedAt = performance.now();
      },
    });
    await ready(bus);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          next += 1;
          await bus.publisher.publish(newEvent('bench.throughput', { n: next }, { source: 'bench' }));
        }
      }),
    );
    const published = performance.now();
    while (consumed < total) await new Promise((resolve) => setTimeout(resolve, 5));
    return {
      events: total,
      publishedPerSecond: Math.round(total / ((published - started) / 1000)),
      consumedPerSecond: Math.round(total / ((lastConsumedAt - started) / 1000)),
    };
  });
}

function latency() {
  return withBus(async (bus, queue) => {
    const sentAt = new Map<string, number>();
    const toConsumer: number[] = [];
    const toConfirm: number[] = [];
    await bus.consumer.subscribe({
      queue,
      patterns: ['bench.*'],
      handle: async (event) => {
        const sent = sentAt.get(event.id);
        if (sent !== undefined) toConsumer.push(performance.now() - sent);
      },
    });
    await ready(bus);
    const count = rate * duration;
    const publishes: Promise<void>[] = [];
    const started = performance.now();
    for (let n = 0; n < count; n += 1) {
      const due = started + (n * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const event = newEvent('bench.latency', { n }, { source: 'bench' });
      const sent = performance.now();
      sentAt.set(event.id, sent);
      publishes.push(bus.publisher.publish(event).then(() => void toConfirm.push(performance.now() - sent)));
    }
    await Promise.all(publishes);
    const until = Date.now() + 10_000;
    while (toConsumer.length < count && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    return { events: count, perSecond: rate, publishToConsumeMs: summary(toConsumer), confirmMs: summary(toConfirm) };
  });
}

async function main(): Promise<void> {
  const first = await throughput();
  console.log(
    `throughput: ${first.events} events, ${inFlight} in flight, prefetch ${prefetch}: ` +
      `${first.publishedPerSecond} confirmed publishes/s, ${first.consumedPerSecond} consumed/s end to end`,
  );
  const second = await latency();
  const { publishToConsumeMs: c, confirmMs: k } = second;
  console.log(
    `latency at ${rate}/s for ${duration} s (${second.events} events): publish-to-consume p50 ${c.p50} ms, ` +
      `p95 ${c.p95} ms, p99 ${c.p99} ms, max ${c.max} ms; broker confirm p50 ${k.p50} ms, p99 ${k.p99} ms`,
  );
  console.log(JSON.stringify({ throughput: first, latency: second }));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
