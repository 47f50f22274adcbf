import { type HealthCheckService, HealthIndicatorService, type MongooseHealthIndicator } from '@nestjs/terminus';
import { type FastifyReply } from 'fastify';
import { HealthController } from './health.controller';
import { ReadinessChecks } from './readiness-checks';
import { ShutdownState } from './shutdown-state';

function setUp(check: (indicators: (() => unknown)[]) => Promise<unknown>) {
  const health = { check: jest.fn(check) } as unknown as HealthCheckService;
  const mongoose = {
    pingCheck: () => ({ withTimeout: () => ({ mongodb: { status: 'up' } }) }),
  } as unknown as MongooseHealthIndicator;
  const shutdown = new ShutdownState();
  const readiness = new ReadinessChecks();
  const reply = { status: jest.fn() };
  const controller = new HealthController(health, mongoose, shutdown, new HealthIndicatorService(), readiness);
  return { controller, shutdown, reply, health, readiness };
}

describe('HealthController readiness', () => {
  it('answers 503 shutting_down once draining, without checking the database', async () => {
    const { controller, shutdown, reply, health } = setUp(() => Promise.resolve({ status: 'ok' }));
    shutdown.startDraining();

    expect(await controller.ready(reply as unknown as FastifyReply)).toEqual({ status: 'shutting_down' });

    expect(reply.status).toHaveBeenCalledWith(503);
    expect(health.check).not.toHaveBeenCalled();
  });

  it("answers 503 with Terminus' report when the database check fails", async () => {
    const report = { status: 'error', error: { mongodb: { status: 'down' } } };
    const { controller, reply } = setUp(() =>
      Promise.reject(Object.assign(new Error('down'), { getResponse: () => report })),
    );

    expect(await controller.ready(reply as unknown as FastifyReply)).toBe(report);
    expect(reply.status).toHaveBeenCalledWith(503);
  });

  it('answers 503 with a bare error status when the check fails without a report', async () => {
    const { controller, reply } = setUp(() => Promise.reject(new Error('timeout')));

    expect(await controller.ready(reply as unknown as FastifyReply)).toEqual({ status: 'error' });
    expect(reply.status).toHaveBeenCalledWith(503);
  });

  it("checks what a library registered (e.g. a consumer's broker) beside the database", async () => {
    let brokerUp = false;
    const { controller, reply, readiness } = setUp((indicators) => Promise.resolve(indicators.map((run) => run())));
    readiness.register('message-broker', () => brokerUp);

    expect(await controller.ready(reply as unknown as FastifyReply)).toEqual([
      { mongodb: { status: 'up' } },
      { 'message-broker': { status: 'down' } },
    ]);
    brokerUp = true;
    expect(await controller.ready(reply as unknown as FastifyReply)).toEqual([
      { mongodb: { status: 'up' } },
      { 'message-broker': { status: 'up' } },
    ]);
  });
});
