import { type Channel, type ConfirmChannel } from 'amqplib';

/**
 * The names and shapes every service declares identically (RabbitMQ refuses a redeclaration with other
 * arguments). One topic exchange carries every event, routed by its type. Messages no queue is bound to go to
 * `<exchange>.unrouted` instead of vanishing, e.g. events published before a new consumer first started.
 */
export const unroutedQueueOf = (exchange: string): string => `${exchange}.unrouted`;
export const deadLetterQueueOf = (queue: string): string => `${queue}.dead`;
export const retryQueueOf = (queue: string, delayMs: number): string => `${queue}.retry.${delayMs}ms`;

/** Waits before each retry: base, 2×base, 4×base… one per attempt that may still follow (the n-th is base×2^(n-1)). */
export function retryDelays(retryBaseMs: number, maxAttempts: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, index) => retryBaseMs * 2 ** index);
}

// Quorum queues are replicated across the brokers of a cluster (prod's Amazon MQ) and survive a node loss.
const DURABLE_QUEUE = { durable: true, arguments: { 'x-queue-type': 'quorum' } };

export async function assertEventExchange(channel: ConfirmChannel, exchange: string): Promise<void> {
  const unrouted = unroutedQueueOf(exchange);
  await channel.assertExchange(unrouted, 'fanout', { durable: true });
  await channel.assertQueue(unrouted, DURABLE_QUEUE);
  await channel.bindQueue(unrouted, unrouted, '');
  await channel.assertExchange(exchange, 'topic', { durable: true, arguments: { 'alternate-exchange': unrouted } });
}

export interface ConsumerTopology {
  exchange: string;
  queue: string;
  patterns: string[];
  retryDelaysMs: number[];
}

/**
 * A consumer's durable queue bound to its patterns, its dead-letter queue, and one retry queue per delay: a
 * message parked there expires after the delay and RabbitMQ dead-letters it back onto the consumer's queue.
 * Per-queue TTLs (not per-message ones) so a long wait never holds up a shorter one behind it.
 */
export async function assertConsumerTopology(channel: ConfirmChannel, topology: ConsumerTopology): Promise<void> {
  const { exchange, queue } = topology;
  await assertEventExchange(channel, exchange);
  await channel.assertQueue(queue, DURABLE_QUEUE);
  for (const pattern of topology.patterns) await channel.bindQueue(queue, exchange, pattern);
  await channel.assertQueue(deadLetterQueueOf(queue), DURABLE_QUEUE);
  for (const delayMs of topology.retryDelaysMs) {
    await channel.assertQueue(retryQueueOf(queue, delayMs), {
      durable: true,
      arguments: { 'x-message-ttl': delayMs, 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
    });
  }
}

/**
 * Removes a consumer's queue with its retry and dead-letter queues, for test runs and benchmarks on a shared
 * broker (never done by the services). Deleting what was never declared is no error: RabbitMQ answers delete-ok.
 */
export async function deleteConsumerQueues(channel: Channel, queue: string, retryDelaysMs: number[]): Promise<void> {
  for (const delayMs of retryDelaysMs) await channel.deleteQueue(retryQueueOf(queue, delayMs));
  await channel.deleteQueue(deadLetterQueueOf(queue));
  await channel.deleteQueue(queue);
}

/** Removes an exchange and the unrouted exchange and queue declared beside it (see `deleteConsumerQueues`). */
export async function deleteEventExchange(channel: Channel, exchange: string): Promise<void> {
  await channel.deleteExchange(exchange);
  await channel.deleteQueue(unroutedQueueOf(exchange));
  await channel.deleteExchange(unroutedQueueOf(exchange));
}
