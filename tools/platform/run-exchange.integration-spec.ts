import { type ChannelModel, connect } from 'amqplib';
import { randomBytes } from 'node:crypto';
import {
  assertConsumerTopology,
  deadLetterQueueOf,
  retryDelays,
  retryQueueOf,
  unroutedQueueOf,
} from '../../libs/messaging/src/topology';
import { LOCAL_AMQP_URL } from '../dev/message-bus';
import { deleteRunTopology } from './run-exchange';

/** Against the machine's RabbitMQ: a run's exchange and its queues are gone from the broker after the run. */
describe('deleting a platform run from the broker', () => {
  let connection: ChannelModel;
  beforeAll(async () => (connection = await connect(LOCAL_AMQP_URL)));
  afterAll(() => connection.close());

  /** Whether the broker knows `name` (a passive check closes its channel when it does not). */
  const exists = async (kind: 'queue' | 'exchange', name: string) => {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await (kind === 'queue' ? channel.checkQueue(name) : channel.checkExchange(name));
      await channel.close();
      return true;
    } catch {
      return false;
    }
  };

  it('removes the exchange, its unrouted exchange and queue, and each consumer queue with its retry and dead ones', async () => {
    const run = randomBytes(4).toString('hex');
    const exchange = `ecommerce.events.${run}`;
    const queue = `system-${run}.notification-service.shopper-mails`;
    const retry = { retryBaseMs: 100, maxAttempts: 3 };
    const declared = [
      queue,
      deadLetterQueueOf(queue),
      ...retryDelays(retry.retryBaseMs, retry.maxAttempts).map((delayMs) => retryQueueOf(queue, delayMs)),
      unroutedQueueOf(exchange),
    ];
    // What notification-service declares on start (libs/messaging).
    const channel = await connection.createConfirmChannel();
    await assertConsumerTopology(channel, {
      exchange,
      queue,
      patterns: ['order.*'],
      retryDelaysMs: retryDelays(retry.retryBaseMs, retry.maxAttempts),
    });
    await channel.close();
    for (const name of declared) expect({ name, exists: await exists('queue', name) }).toEqual({ name, exists: true });

    await deleteRunTopology(LOCAL_AMQP_URL, exchange, { names: [queue], ...retry });
    for (const name of declared) expect({ name, exists: await exists('queue', name) }).toEqual({ name, exists: false });
    expect(await exists('exchange', exchange)).toBe(false);
    expect(await exists('exchange', unroutedQueueOf(exchange))).toBe(false);
  });

  it('does nothing and fails nothing for a run that never declared its exchange', async () => {
    await expect(deleteRunTopology(LOCAL_AMQP_URL, `ecommerce.events.unused-${Date.now()}`)).resolves.toBeUndefined();
  });
});
