import { type HealthCheckService, type MongooseHealthIndicator } from '@nestjs/terminus';
import { type FastifyReply } from 'fastify';
import { HealthController } from './health.controller';
import { ShutdownState } from './shutdown-state';

function setUp(check: () => Promise<unknown>) {
  const health = { check: jest.fn(check) } as unknown as HealthCheckService;
  const mongoose = {} as MongooseHealthIndicator;
  const shutdown = new ShutdownState();
  const reply = { status: jest.fn() };
  return { controller: new HealthController(health, mongoose, shutdown), shutdown, reply, health };
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
});
