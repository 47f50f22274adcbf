import { connect } from 'amqplib';

/** Where the team's and CI's machines run RabbitMQ (guest/guest is accepted from localhost only). */
export const LOCAL_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

export interface LocalBus {
  /** The broker the services get as AMQP_URL; undefined when the bus is off. */
  url?: string;
  /** One line for the developer: which broker is used, or why there is none and how to get one. */
  notice: string;
}

/** The URL without its password, for printing. */
export function redactAmqpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'AMQP_URL (unparseable)';
  }
}

/**
 * Whether an AMQP broker accepts a connection at `url`: the real handshake (credentials and vhost included),
 * not just an open port, within `timeoutMs`.
 */
export async function amqpAnswers(url: string, timeoutMs = 2_000): Promise<boolean> {
  try {
    // The timeout bounds the whole handshake, so a peer that accepts TCP but never speaks AMQP fails too.
    const connection = await connect(url, { timeout: timeoutMs });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

/** `AMQP_URL` when set, else the local RabbitMQ when one answers, else no bus (events wait in the outbox). */
export async function resolveLocalBus(
  env: NodeJS.ProcessEnv = process.env,
  localUrl = LOCAL_AMQP_URL,
): Promise<LocalBus> {
  const configured = env.AMQP_URL?.trim();
  if (configured) {
    const shown = redactAmqpUrl(configured);
    return (await amqpAnswers(configured))
      ? { url: configured, notice: `message bus: ${shown} (AMQP_URL)` }
      : {
          url: configured,
          notice:
            `message bus: ${shown} (AMQP_URL) is not answering now; order-service keeps its events in the outbox ` +
            'and publishes them once it answers.',
        };
  }
  if (await amqpAnswers(localUrl))
    return { url: localUrl, notice: `message bus: RabbitMQ on ${redactAmqpUrl(localUrl)}` };
  const where = new URL(localUrl).host;
  return {
    notice:
      `NOTICE: no RabbitMQ on ${where} and no AMQP_URL: events wait in order-service's outbox and no mails are ` +
      'sent until a broker is available (notification-service is not started). Start one with ' +
      '`docker run -d --name rabbitmq -p 5672:5672 rabbitmq:4` (or set AMQP_URL) and restart `npm run dev`.',
  };
}
