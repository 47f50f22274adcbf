import { connect } from 'amqplib';
import { deleteConsumerQueues, deleteEventExchange, retryDelays } from '../../libs/messaging/src/topology';

export interface RunQueues {
  /** The consumer queues of the run, with AMQP_QUEUE_PREFIX. */
  names: string[];
  /** The run's AMQP_RETRY_BASE_MS and AMQP_MAX_ATTEMPTS, which name the retry queues. */
  retryBaseMs: number;
  maxAttempts: number;
}

/**
 * Removes what a platform run declared on the shared broker: its consumer queues with their retry and
 * dead-letter queues, its exchange, and the `<exchange>.unrouted` exchange and queue declared beside it.
 * Durable (quorum) queues would otherwise pile up on the team's RabbitMQ, one set per test run.
 */
export async function deleteRunTopology(amqpUrl: string, exchange: string, queues?: RunQueues): Promise<void> {
  const connection = await connect(amqpUrl, { timeout: 5_000 });
  try {
    const channel = await connection.createChannel();
    const delays = queues ? retryDelays(queues.retryBaseMs, queues.maxAttempts) : [];
    for (const queue of queues?.names ?? []) await deleteConsumerQueues(channel, queue, delays);
    await deleteEventExchange(channel, exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
