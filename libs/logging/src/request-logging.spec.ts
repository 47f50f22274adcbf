import { Writable } from 'node:stream';
import { runWithRequestContext } from '@app/request-context';
import { createRootLogger } from './create-logger';
import { createAccessLogger } from './request-logging';

describe('access logger', () => {
  it('writes what the root logger writes, with the request context, and redacts secret names at the top', () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const root = createRootLogger({ service: 'product-service', level: 'info', destination: stream });
    const access = createAccessLogger(root);
    const fields = { requestId: 'r-1', method: 'GET', route: '/api/v1/products', status: 200, durationMs: 1.5 };
    runWithRequestContext({ requestId: 'r-1', userId: 'u-1' }, () => {
      root.info(fields, 'request completed');
      access.info(fields, 'request completed');
      access.info({ authorization: 'Bearer t', token: 't' }, 'x');
    });
    const { time: _rootTime, ...fromRoot } = lines[0];
    const { time: _accessTime, ...fromAccess } = lines[1];
    expect(fromAccess).toEqual(fromRoot);
    expect(fromAccess).toMatchObject({ service: 'product-service', userId: 'u-1', level: 'info', status: 200 });
    expect(lines[2]).toMatchObject({ authorization: '[REDACTED]', token: '[REDACTED]' });
  });

  it('is silenced with the root logger level', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    createAccessLogger(createRootLogger({ service: 's', level: 'warn', destination: stream })).info('hidden');
    expect(lines).toEqual([]);
  });
});
