import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import amqp, {
  type AmqpConnectionManager as IAmqpConnectionManager,
  type ChannelWrapper,
  type CreateChannelOpts,
} from 'amqp-connection-manager';
import { ServiceConfig } from '@app/config';
import { MessagingMetrics } from './messaging.metrics';

/**
 * The one broker connection of a process. Reconnects by itself (every 2 s while the broker is away) and
 * restores each channel's topology and consumers when it is back. Never logs the URL: it carries the password.
 */
@Injectable()
export class AmqpConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private manager?: IAmqpConnectionManager;

  constructor(
    private readonly config: ServiceConfig,
    private readonly metrics: MessagingMetrics,
  ) {}

  /** False when no AMQP_URL is configured: the service runs without the bus. */
  get enabled(): boolean {
    return this.config.messaging.url !== undefined;
  }

  get connected(): boolean {
    return this.manager?.isConnected() ?? false;
  }

  /** A channel that survives reconnections: `setup` runs again on each new connection. */
  channel(options: CreateChannelOpts): ChannelWrapper {
    const channel = this.connect().createChannel(options);
    // A channel error (the broker closing it, a failed setup) is retried by the wrapper; unheard, it would crash.
    channel.on('error', (error: Error) =>
      this.logger.warn({ msg: 'message channel error; it reopens', channel: options.name, reason: error.message }),
    );
    return channel;
  }

  async onApplicationShutdown(): Promise<void> {
    const manager = this.manager;
    this.manager = undefined;
    await manager?.close();
    this.metrics.connected(false);
  }

  private connect(): IAmqpConnectionManager {
    const url = this.config.messaging.url;
    if (!url) throw new Error('AMQP_URL is not set: the event bus is off');
    if (this.manager) return this.manager;
    const manager = amqp.connect([url], {
      heartbeatIntervalInSeconds: 5,
      reconnectTimeInSeconds: 2,
      connectionOptions: { clientProperties: { connection_name: this.config.service.name } },
    });
    manager.on('connect', () => {
      this.metrics.connected(true);
      this.logger.log({ msg: 'connected to the message broker' });
    });
    manager.on('disconnect', ({ err }) => {
      this.metrics.connected(false);
      this.logger.warn({ msg: 'lost the message broker; reconnecting', reason: err?.message });
    });
    manager.on('connectFailed', ({ err }) => {
      this.metrics.connected(false);
      this.logger.warn({ msg: 'cannot reach the message broker; retrying', reason: err?.message });
    });
    this.manager = manager;
    return manager;
  }
}
