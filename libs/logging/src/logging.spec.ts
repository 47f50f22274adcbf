import { Writable } from 'node:stream';
import { runWithRequestContext } from '@app/request-context';
import { createRootLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest-logger';
import { requestIdFrom } from './request-id';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, stream };
}

describe('logging', () => {
  it('writes JSON with the service, the request id and user of the current request', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger({ service: 'cart-service', level: 'info', destination: stream });
    runWithRequestContext({ requestId: 'r-1', userId: 'u-1' }, () => logger.info({ lines: 2 }, 'cart updated'));
    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'cart-service',
      requestId: 'r-1',
      userId: 'u-1',
      lines: 2,
      msg: 'cart updated',
    });
    expect(lines[0].time).toEqual(expect.any(String));
  });

  it('redacts passwords, tokens, secrets and credentials at any depth', () => {
    const { lines, stream } = capture();
    const logger = createRootLogger({ service: 'user-service', level: 'info', destination: stream });
    logger.info(
      {
        password: 'p1',
        body: { refreshToken: 'r1', user: { newPassword: 'p2' } },
        headers: { authorization: 'Bearer t', cookie: 'c' },
        db: { uri: 'mongodb://u:pw@h' },
      },
      'x',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['p1', 'r1', 'p2', 'Bearer t', '"c"', 'u:pw']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({
      password: '[REDACTED]',
      body: { refreshToken: '[REDACTED]', user: { newPassword: '[REDACTED]' } },
    });
  });

  it('routes Nest log calls with their context into pino', () => {
    const { lines, stream } = capture();
    const nest = new PinoNestLogger(createRootLogger({ service: 's', level: 'debug', destination: stream }));
    nest.log('started', 'Bootstrap');
    nest.error('boom', 'Error: boom\n    at x', 'Problem');
    nest.warn({ msg: 'slow', ms: 900 }, 'Upstream');
    nest.debug('details');
    expect(lines.map((line) => [line.level, line.msg, line.context])).toEqual([
      ['info', 'started', 'Bootstrap'],
      ['error', 'boom', 'Problem'],
      ['warn', 'slow', 'Upstream'],
      ['debug', 'details', undefined],
    ]);
    expect(lines[1].stack).toContain('Error: boom');
  });

  it('keeps safe request ids and replaces unsafe ones', () => {
    expect(requestIdFrom('abc-123_X.y:z')).toBe('abc-123_X.y:z');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    expect(requestIdFrom('has space')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
  });
});
