import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { type RunningJaeger, startJaeger, TRACE_VIEWER_DIRECTORY } from './jaeger';

/** The pure part of the page (tools/dev/trace-viewer/static/trace-tree.js), a browser script that is also CommonJS. */
interface TraceTreeModule {
  tagSearchPaths(services: string[], value: string): string[];
  mergeTraces(lists: JaegerTrace[][]): JaegerTrace[];
  buildTraceTree(trace: JaegerTrace): { rows: { service: string; operation: string; depth: number }[] };
  summarizeTrace(trace: JaegerTrace): { rootOperation?: string; statusCode?: number; spanCount: number };
}
interface JaegerTrace {
  traceID: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TraceTree = require('./trace-viewer/static/trace-tree.js') as TraceTreeModule;

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const ORDER_ID = '65b0c0ffee0000000000beef';

/** One placed order as the platform exports it (OTLP/JSON): edge SERVER → edge CLIENT → order SERVER → MongoDB. */
function placedOrder(): object {
  const now = BigInt(Date.now()) * 1_000_000n;
  const at = (ms: number) => String(now + BigInt(ms) * 1_000_000n);
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const span = (
    spanId: string,
    parentSpanId: string,
    name: string,
    kind: number,
    from: number,
    to: number,
    attributes: object[],
  ) => ({
    traceId: TRACE_ID,
    spanId,
    parentSpanId,
    name,
    kind,
    startTimeUnixNano: at(from),
    endTimeUnixNano: at(to),
    attributes,
  });
  const resource = (service: string, spans: object[]) => ({
    resource: { attributes: [text('service.name', service)] },
    scopeSpans: [{ scope: { name: 'test' }, spans }],
  });
  return {
    resourceSpans: [
      resource('edge', [
        span('00f067aa0ba902b7', '', 'POST /api/v1/orders', 2, 0, 40, [
          text('app.request_id', 'req-1'),
          { key: 'http.response.status_code', value: { intValue: '201' } },
        ]),
        span('00f067aa0ba902b8', '00f067aa0ba902b7', 'POST order-service', 3, 2, 38, []),
      ]),
      resource('order-service', [
        span('00f067aa0ba902b9', '00f067aa0ba902b8', 'POST /api/v1/orders', 2, 4, 36, [
          text('app.request_id', 'req-1'),
          text('app.order_id', ORDER_ID),
        ]),
        span('00f067aa0ba902ba', '00f067aa0ba902b9', 'mongodb.insert', 3, 10, 20, []),
      ]),
    ],
  };
}

/** The pinned Jaeger as `npm run dev` starts it, serving the trace viewer at / next to its API. */
describe('the trace viewer in the local Jaeger', () => {
  const configDirectory = mkdtempSync(join(tmpdir(), 'trace-viewer-'));
  let jaeger: RunningJaeger;

  beforeAll(async () => {
    // Builds Jaeger into .tools/ on first use (ensureTool), which takes minutes.
    jaeger = await startJaeger({ configDirectory, freePorts: true });
  }, 600_000);
  afterAll(async () => {
    await jaeger?.stop();
    rmSync(configDirectory, { recursive: true, force: true });
  });

  it('points Jaeger at the viewer folder by its absolute path', () => {
    const config = JSON.parse(readFileSync(join(configDirectory, 'jaeger-config.yaml'), 'utf8'));
    expect(config.extensions.jaeger_query.ui.assets_path).toBe(TRACE_VIEWER_DIRECTORY);
    expect(isAbsolute(TRACE_VIEWER_DIRECTORY)).toBe(true);
  });

  it('serves the viewer at / instead of the placeholder page, its script and style under /static', async () => {
    const page = await fetch(`${jaeger.uiUrl}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>Traces · local Jaeger</title>');
    expect(html).toContain('<script src="/static/trace-tree.js"></script>');
    expect(html).toContain('<script src="/static/trace-viewer.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/static/trace-viewer.css" />');

    for (const file of ['trace-tree.js', 'trace-viewer.js']) {
      const script = await fetch(`${jaeger.uiUrl}/static/${file}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
      expect(await script.text()).toBe(readFileSync(join(TRACE_VIEWER_DIRECTORY, 'static', file), 'utf8'));
    }
    const style = await fetch(`${jaeger.uiUrl}/static/trace-viewer.css`);
    expect(style.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it("finds a placed order's trace by its order id the way the page searches, and builds its waterfall", async () => {
    const exported = await fetch(`${jaeger.otlpEndpoint}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(placedOrder()),
    });
    expect(exported.ok).toBe(true);

    const get = async <T>(path: string): Promise<T> => (await (await fetch(`${jaeger.uiUrl}${path}`)).json()) as T;
    let found: JaegerTrace[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
      const services = (await get<{ data: string[] | null }>('/api/services')).data ?? [];
      const answers = await Promise.all(
        TraceTree.tagSearchPaths(services, ORDER_ID).map((path) => get<{ data: JaegerTrace[] | null }>(path)),
      );
      found = TraceTree.mergeTraces(answers.map((answer) => answer.data ?? []));
      if (found.length) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(found.map((trace) => trace.traceID)).toEqual([TRACE_ID]);

    const trace = (await get<{ data: JaegerTrace[] }>(`/api/traces/${TRACE_ID}`)).data[0];
    expect(TraceTree.summarizeTrace(trace)).toMatchObject({
      rootOperation: 'POST /api/v1/orders',
      statusCode: 201,
      spanCount: 4,
    });
    expect(TraceTree.buildTraceTree(trace).rows.map((row) => `${row.depth} ${row.service} ${row.operation}`)).toEqual([
      '0 edge POST /api/v1/orders',
      '1 edge POST order-service',
      '2 order-service POST /api/v1/orders',
      '3 order-service mongodb.insert',
    ]);
  });
});
