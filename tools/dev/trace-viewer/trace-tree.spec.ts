// The pure part of the trace viewer page, loaded as the browser loads it (a plain script that is also CommonJS).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TraceTree = require('./static/trace-tree.js');

interface Span {
  traceID: string;
  spanID: string;
  operationName: string;
  references: { refType: string; traceID: string; spanID: string }[];
  startTime: number;
  duration: number;
  tags: { key: string; type: string; value: unknown }[];
  logs: { timestamp: number; fields: { key: string; value: unknown }[] }[];
  processID: string;
}

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const T0 = 1_700_000_000_000_000; // µs since the epoch

function span(
  id: string,
  parent: string | undefined,
  process: string,
  operation: string,
  from: number,
  length: number,
  tags: Record<string, unknown> = {},
): Span {
  return {
    traceID: TRACE,
    spanID: id,
    operationName: operation,
    references: parent ? [{ refType: 'CHILD_OF', traceID: TRACE, spanID: parent }] : [],
    startTime: T0 + from,
    duration: length,
    tags: Object.entries(tags).map(([key, value]) => ({
      key,
      type: typeof value === 'number' ? 'int64' : 'string',
      value,
    })),
    logs: [],
    processID: process,
  };
}

/** A placed order as Jaeger's API answers it, spans deliberately out of order. */
function placedOrder() {
  return {
    traceID: TRACE,
    spans: [
      span('mongo', 'order-server', 'p2', 'mongodb.insert', 300, 100),
      span('cart-call', 'order-server', 'p2', 'GET cart-service', 120, 150),
      span('edge-client', 'root', 'p1', 'POST order-service', 50, 900),
      span('root', undefined, 'p1', 'POST /api/v1/orders', 0, 1000, { 'http.response.status_code': 201 }),
      span('order-server', 'edge-client', 'p2', 'POST /api/v1/orders', 100, 800, { 'app.order_id': 'o-1' }),
    ],
    processes: { p1: { serviceName: 'edge', tags: [] }, p2: { serviceName: 'order-service', tags: [] } },
    warnings: null,
  };
}

describe('the trace viewer tree', () => {
  it('orders spans parent before child, children by start time, with depth and bars relative to the trace', () => {
    const tree = TraceTree.buildTraceTree(placedOrder());
    expect(tree).toMatchObject({ traceID: TRACE, startTime: T0, duration: 1000 });
    expect(
      tree.rows.map(
        (row: { depth: number; service: string; operation: string }) => `${row.depth} ${row.service} ${row.operation}`,
      ),
    ).toEqual([
      '0 edge POST /api/v1/orders',
      '1 edge POST order-service',
      '2 order-service POST /api/v1/orders',
      '3 order-service GET cart-service',
      '3 order-service mongodb.insert',
    ]);
    expect(tree.rows[2]).toMatchObject({
      spanID: 'order-server',
      parentID: 'edge-client',
      offset: 100,
      offsetPercent: 10,
      widthPercent: 80,
      childCount: 2,
    });
  });

  it('shows a span whose parent has not arrived as a root, and survives a reference cycle', () => {
    const trace = placedOrder();
    trace.spans = trace.spans.filter((s) => s.spanID !== 'edge-client');
    expect(
      TraceTree.buildTraceTree(trace).rows.map(
        (row: { spanID: string; depth: number }) => `${row.depth} ${row.spanID}`,
      ),
    ).toEqual(['0 root', '0 order-server', '1 cart-call', '1 mongo']);

    const cycle = {
      traceID: TRACE,
      spans: [span('a', 'b', 'p', 'a', 0, 10), span('b', 'a', 'p', 'b', 5, 5)],
      processes: {},
    };
    expect(TraceTree.buildTraceTree(cycle).rows.map((row: { spanID: string }) => row.spanID)).toEqual(['a', 'b']);
  });

  it('takes a FOLLOWS_FROM reference as the parent when there is no CHILD_OF', () => {
    const consumer = span('consume', undefined, 'p1', 'order.placed process', 500, 50);
    consumer.references = [{ refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: 'root' }];
    const trace = { traceID: TRACE, spans: [span('root', undefined, 'p1', 'root', 0, 100), consumer], processes: {} };
    expect(TraceTree.buildTraceTree(trace).rows.map((row: { depth: number }) => row.depth)).toEqual([0, 1]);
  });

  it('summarizes a trace for the list: root operation and HTTP status, span count, services, errors', () => {
    expect(TraceTree.summarizeTrace(placedOrder())).toEqual({
      traceID: TRACE,
      startTime: T0,
      duration: 1000,
      spanCount: 5,
      services: ['edge', 'order-service'],
      rootService: 'edge',
      rootOperation: 'POST /api/v1/orders',
      statusCode: 201,
      error: false,
    });
    const failed = placedOrder();
    failed.spans[3].tags = [{ key: 'http.status_code', type: 'string', value: '503' }];
    failed.spans[0].tags = [{ key: 'error', type: 'bool', value: true }];
    expect(TraceTree.summarizeTrace(failed)).toMatchObject({ statusCode: 503, error: true });
    expect(TraceTree.summarizeTrace({ traceID: TRACE, spans: [], processes: {} })).toMatchObject({
      spanCount: 0,
      duration: 0,
    });
  });

  it('formats durations in µs, ms and s', () => {
    expect([850, 1234, 12_345, 1_250_000].map(TraceTree.formatDuration)).toEqual([
      '850µs',
      '1.23ms',
      '12.3ms',
      '1.25s',
    ]);
  });

  it('reads a trace id from the id itself or a whole traceresponse header, and nothing else', () => {
    expect(TraceTree.traceIdIn(` ${TRACE.toUpperCase()} `)).toBe(TRACE);
    expect(TraceTree.traceIdIn(`traceresponse: 00-${TRACE}-00f067aa0ba902b7-01`)).toBe(TRACE);
    expect(TraceTree.traceIdIn('65b0c0ffee0000000000beef')).toBeUndefined(); // an order id (24 hex digits)
    expect(TraceTree.traceIdIn('3f0c2a4e-1111-4222-8333-444455556666')).toBeUndefined(); // a request id
  });

  it('routes #/trace/<id>, #/search/<text>, #/service/<name> and anything else to the list', () => {
    expect(TraceTree.parseRoute(`#/trace/${TRACE}`)).toEqual({ view: 'trace', traceId: TRACE });
    expect(TraceTree.parseRoute('#/search/a%20b')).toEqual({ view: 'search', query: 'a b' });
    expect(TraceTree.parseRoute('#/service/order-service')).toEqual({ view: 'list', service: 'order-service' });
    expect(TraceTree.parseRoute('#/trace/<img src=x>')).toEqual({ view: 'list' });
    expect(TraceTree.parseRoute('')).toEqual({ view: 'list' });
  });

  it('searches each service for the order id and the request id tags, and merges the answers newest first', () => {
    const paths: string[] = TraceTree.tagSearchPaths(['edge', 'order-service'], ' o-1 ');
    const asked = paths.map((path) => {
      const url = new URL(path, 'http://jaeger');
      return [url.pathname, url.searchParams.get('service'), JSON.parse(url.searchParams.get('tags')!)];
    });
    expect(asked).toEqual([
      ['/api/traces', 'edge', { 'app.order_id': 'o-1' }],
      ['/api/traces', 'edge', { 'app.request_id': 'o-1' }],
      ['/api/traces', 'order-service', { 'app.order_id': 'o-1' }],
      ['/api/traces', 'order-service', { 'app.request_id': 'o-1' }],
    ]);

    const older = { traceID: 'old', spans: [span('x', undefined, 'p', 'x', -5000, 1)], processes: {} };
    const newer = placedOrder();
    expect(
      TraceTree.mergeTraces([[older, newer], null, [newer]]).map((trace: { traceID: string }) => trace.traceID),
    ).toEqual([TRACE, 'old']);
  });
});
