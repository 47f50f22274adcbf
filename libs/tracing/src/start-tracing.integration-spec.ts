import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { promisify } from 'node:util';
import { startTracing } from './start-tracing';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
}
interface OtlpExport {
  resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
}

describe('startTracing', () => {
  it('does nothing (and loads nothing) without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(startTracing('product-service', {})).toBeUndefined();
    expect(startTracing('product-service', { OTEL_EXPORTER_OTLP_ENDPOINT: '  ' })).toBeUndefined();
  });

  it('reads the process environment by default', () => {
    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    try {
      expect(startTracing('product-service')).toBeUndefined();
    } finally {
      if (previous !== undefined) process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
    }
  });

  describe('with a collector', () => {
    let collector: Server;
    const exports: { path: string; body: string }[] = [];

    beforeAll(async () => {
      collector = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk) => (body += chunk));
        request.on('end', () => {
          exports.push({ path: request.url ?? '', body });
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => collector.close(resolve)));

    it('exports server and client HTTP spans over OTLP/HTTP with the service name', async () => {
      const endpoint = `http://127.0.0.1:${(collector.address() as { port: number }).port}`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'libs/tracing/src/tracing-fixture.ts'],
        {
          env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
          timeout: 30_000,
        },
      );
      const traces = exports.filter((entry) => entry.path === '/v1/traces');
      expect(traces.length).toBeGreaterThan(0);
      const payload = traces.map((entry) => entry.body).join('');
      expect(payload).toContain('fixture-service');
      expect(payload).toContain('/traced');
      // One span for the incoming request (kind SERVER = 2) and one for the outgoing call (kind CLIENT = 3).
      expect(payload).toMatch(/"kind":2/);
      expect(payload).toMatch(/"kind":3/);
      const spans = traces.flatMap(
        (entry) =>
          (JSON.parse(entry.body) as OtlpExport).resourceSpans.flatMap((resource) =>
            resource.scopeSpans.flatMap((scope) => scope.spans),
          ) as OtlpSpan[],
      );
      // The fetch made while serving /traced is a CLIENT span, and the route it called got exactly that span as
      // its parent: one traceparent, not the caller's own copy beside it.
      const { arrived } = JSON.parse(stdout) as { arrived: string[] };
      expect(arrived).toHaveLength(1);
      const [, traceId, parentId] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(arrived[0])!;
      const fetchSpan = spans.find((span) => span.spanId === parentId)!;
      expect(fetchSpan).toMatchObject({ kind: 3, traceId });
      expect(spans.find((span) => span.spanId === fetchSpan.parentSpanId)).toMatchObject({ kind: 2 });
    }, 40_000);
  });
});
