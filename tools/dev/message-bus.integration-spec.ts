import { createServer, type Server, type Socket } from 'node:net';
import { freePort } from '../platform/free-port';
import { amqpAnswers, LOCAL_AMQP_URL, resolveLocalBus } from './message-bus';

/** Against the machine's RabbitMQ on 127.0.0.1:5672 (guest/guest), as on the team's and CI's machines. */
describe('choosing the message bus for npm run dev', () => {
  it('uses the local RabbitMQ when it accepts a connection and AMQP_URL is not set', async () => {
    await expect(resolveLocalBus({})).resolves.toEqual({
      url: LOCAL_AMQP_URL,
      notice: 'message bus: RabbitMQ on amqp://guest:***@127.0.0.1:5672',
    });
  });

  it('runs without the bus, with a notice saying what that means and how to start one, when nothing listens', async () => {
    const closed = await freePort();
    const bus = await resolveLocalBus({}, `amqp://guest:guest@127.0.0.1:${closed}`);
    expect(bus.url).toBeUndefined();
    expect(bus.notice).toContain(`no RabbitMQ on 127.0.0.1:${closed} and no AMQP_URL`);
    expect(bus.notice).toContain("events wait in order-service's outbox and no mails are sent");
    expect(bus.notice).toContain('docker run -d --name rabbitmq -p 5672:5672 rabbitmq:4');
  });

  it('prefers AMQP_URL over the local broker', async () => {
    const bus = await resolveLocalBus({ AMQP_URL: 'amqp://guest:guest@localhost:5672/%2F' }, 'amqp://127.0.0.1:1');
    expect(bus).toEqual({
      url: 'amqp://guest:guest@localhost:5672/%2F',
      notice: expect.stringContaining('(AMQP_URL)'),
    });
    expect(bus.notice).not.toContain('guest:guest');
  });

  it('keeps an AMQP_URL the broker refuses (the outbox waits for it) and says so without printing the password', async () => {
    const refused = 'amqp://guest:not-the-password@127.0.0.1:5672';
    const bus = await resolveLocalBus({ AMQP_URL: refused });
    expect(bus.url).toBe(refused);
    expect(bus.notice).toContain('is not answering now');
    expect(bus.notice).toContain('amqp://guest:***@127.0.0.1:5672');
    expect(bus.notice).not.toContain('not-the-password');
  });

  describe('a port that accepts connections but never speaks AMQP', () => {
    let silent: Server;
    const accepted: Socket[] = [];
    beforeAll(
      () =>
        new Promise<void>((resolve) => {
          silent = createServer((socket) => void accepted.push(socket)).listen(0, '127.0.0.1', resolve);
        }),
    );
    afterAll(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    });

    it('is not taken for a broker, and the probe gives up within its timeout', async () => {
      const started = Date.now();
      const { port } = silent.address() as { port: number };
      await expect(amqpAnswers(`amqp://guest:guest@127.0.0.1:${port}`, 300)).resolves.toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
