import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { node } from '@opentelemetry/sdk-node';
import { runWithRequestContext } from '@app/request-context';
import { createRootLogger } from './create-logger';
import { type AccessFields, createAccessLine } from './request-logging';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, stream };
}

/** A line without its time, which differs between two lines written one after the other. */
const timeless = (line: string): string => line.replace(/"time":"[^"]+"/, '"time":"-"');

describe('access line', () => {
  afterEach(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  const fields: AccessFields = {
    requestId: 'r-1',
    method: 'GET',
    route: '/api/v1/products',
    status: 200,
    durationMs: 1.5,
  };
  it('is byte for byte what the root logger writes for the same fields, with the request context', () => {
    const { lines, stream } = capture();
    const root = createRootLogger({ service: 'product-service', level: 'info', destination: stream });
    const accessLine = createAccessLine(root);
    runWithRequestContext({ requestId: 'r-1', userId: 'u-1' }, () => {
      root.info(fields, 'request completed');
      accessLine(fields);
    });
    runWithRequestContext({ requestId: 'r-2' }, () => {
      root.info({ ...fields, requestId: 'r-2' }, 'request completed');
      accessLine({ ...fields, requestId: 'r-2' });
    });
    expect(lines).toHaveLength(4);
    expect(timeless(lines[1])).toBe(timeless(lines[0]));
    expect(timeless(lines[3])).toBe(timeless(lines[2]));
    expect(JSON.parse(lines[1])).toMatchObject({ service: 'product-service', userId: 'u-1', level: 'info' });
    expect(JSON.parse(lines[1]).time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('carries the trace and span ids as other lines do, and is an error line for a 5xx', () => {
    new node.NodeTracerProvider().register();
    const { lines, stream } = capture();
    const root = createRootLogger({ service: 's', level: 'info', destination: stream });
    const accessLine = createAccessLine(root);
    trace.getTracer('test').startActiveSpan('GET', (span) => {
      runWithRequestContext({ requestId: 'r-3' }, () => {
        root.error({ ...fields, requestId: 'r-3', status: 503 }, 'request completed');
        accessLine({ ...fields, requestId: 'r-3', status: 503 });
      });
      span.end();
    });
    expect(timeless(lines[1])).toBe(timeless(lines[0]));
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'error', trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('escapes what it quotes, so any route or method still makes one valid JSON line', () => {
    const { lines, stream } = capture();
    const accessLine = createAccessLine(createRootLogger({ service: 's', level: 'info', destination: stream }));
    accessLine({ ...fields, method: 'G"ET', route: '/a\n"b\\' });
    expect(lines[0].endsWith('}\n') && lines[0].split('\n')).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ method: 'G"ET', route: '/a\n"b\\' });
  });

  it('is silenced with the root logger level', () => {
    const { lines, stream } = capture();
    const root = createRootLogger({ service: 's', level: 'warn', destination: stream });
    createAccessLine(root)(fields);
    expect(lines).toEqual([]);
    createAccessLine(root)({ ...fields, status: 500 });
    expect(lines).toHaveLength(1);
  });
});
