import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createEdge } from './edge-server';
import { createEdgeTracing, type EdgeTracing } from './edge-tracing';
import { edgePolicyOf } from './gateway-values';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: { key: string; value: { stringValue?: string } }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const SERVER = 2;
const CLIENT = 3;
const listen = (server: Server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('edge tracing', () => {
  it('is off, and loads nothing, without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(createEdgeTracing({})).toBeUndefined();
    expect(createEdgeTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
  });

  describe('with a collector', () => {
    const exports: OtlpExport[] = [];
    let seen: IncomingHttpHeaders = {};
    let collector: Server;
    let upstream: Server;
    let edge: Server;
    let tracing: EdgeTracing;
    let base: string;

    beforeAll(async () => {
      collector = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          if (request.url === '/v1/traces') exports.push(JSON.parse(body) as OtlpExport);
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        });
      });
      upstream = createServer((request, response) => {
        seen = request.headers;
        response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      await Promise.all([listen(collector), listen(upstream)]);
      tracing = createEdgeTracing({
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${portOf(collector)}/`,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      })!;
      edge = createEdge({
        port: 0,
        targets: { 'order-service': { host: '127.0.0.1', port: portOf(upstream) } },
        tracing,
        // Orders are public here: what is traced is the edge's forwarding, not its token check.
        policy: edgePolicyOf({
          routes: [
            {
              service: 'order-service',
              public: [{ methods: ['GET', 'POST'], match: 'PathPrefix', path: '/api/v1/orders' }],
            },
            { service: 'cart-service', protected: [{ methods: ['GET'], match: 'PathPrefix', path: '/api/v1/cart' }] },
          ],
        }),
        auth: { issuer: 'ecommerce-user-service', audience: 'ecommerce-api' },
      });
      await listen(edge);
      base = `http://127.0.0.1:${portOf(edge)}`;
    });
    afterAll(async () => {
      await tracing.shutdown();
      await new Promise((resolve) => edge.close(resolve));
      await new Promise((resolve) => upstream.close(resolve));
      await new Promise((resolve) => collector.close(resolve));
    });

    const spans = () =>
      exports.flatMap((entry) =>
        entry.resourceSpans.flatMap((resource) =>
          resource.scopeSpans.flatMap((scope) =>
            scope.spans.map((span) => ({
              ...span,
              service: resource.resource.attributes.find((attribute) => attribute.key === 'service.name')?.value
                .stringValue,
              attribute: (key: string) => span.attributes.find((attribute) => attribute.key === key)?.value,
            })),
          ),
        ),
      );

    /** The spans with these ids, once exported (within 5 s). */
    const exported = async (...ids: string[]) => {
      for (let waited = 0; waited < 5_000; waited += 50) {
        const found = ids.map((id) => spans().find((span) => span.spanId === id));
        if (found.every(Boolean)) return found.map((span) => span!);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`${exports.length} exports; spans ${ids.join(', ')} not exported within 5 s`);
    };

    it('makes a SERVER span per request, the proxied call its CLIENT child, and the service their grandchild', async () => {
      const response = await fetch(`${base}/api/v1/orders/65b000000000000000000001?x=1`, {
        method: 'POST',
        headers: { 'x-request-id': 'edge-trace-1' },
      });
      expect(response.status).toBe(201);
      const [, traceId, serverSpanId] = response.headers.get('traceresponse')!.split('-');
      // The service is told to continue the trace from the edge's CLIENT span.
      const [, upstreamTraceId, upstreamParentId] = String(seen.traceparent).split('-');
      expect(upstreamTraceId).toBe(traceId);

      const [server, client] = await exported(serverSpanId, upstreamParentId);
      expect(server).toMatchObject({ traceId, kind: SERVER, name: 'POST /api/v1/orders', service: 'edge' });
      expect(server.parentSpanId ?? '').toBe('');
      expect(server.attribute('app.request_id')).toEqual({ stringValue: 'edge-trace-1' });
      expect(server.attribute('url.path')).toEqual({ stringValue: '/api/v1/orders/65b000000000000000000001' });
      expect(Number(server.attribute('http.response.status_code')?.intValue)).toBe(201);
      expect(client).toMatchObject({ traceId, kind: CLIENT, parentSpanId: serverSpanId, service: 'edge' });
      expect(client.attribute('peer.service')).toEqual({ stringValue: 'order-service' });
    });

    it("joins a caller's trace, and answers unroutable paths with their trace too", async () => {
      const callerTrace = '0af7651916cd43dd8448eb211c80319c';
      await fetch(`${base}/api/v1/orders`, { headers: { traceparent: `00-${callerTrace}-b7ad6b7169203331-01` } });
      const [, traceId, serverSpanId] = String(seen.traceparent).split('-');
      expect(traceId).toBe(callerTrace);
      const missing = await fetch(`${base}/internal/v1/anything`);
      expect(missing.status).toBe(404);
      const [, missingTrace, missingSpanId] = missing.headers.get('traceresponse')!.split('-');
      const [client, notFound] = await exported(serverSpanId, missingSpanId);
      expect(client).toMatchObject({ kind: CLIENT, traceId: callerTrace });
      expect(spans().find((span) => span.spanId === client.parentSpanId)).toMatchObject({
        kind: SERVER,
        parentSpanId: 'b7ad6b7169203331',
      });
      expect(notFound).toMatchObject({ kind: SERVER, traceId: missingTrace, name: 'GET' });
    });

    it('traces a request the edge refuses as its SERVER span alone: no call to the service was made', async () => {
      const refused = await fetch(`${base}/api/v1/cart`);
      expect(refused.status).toBe(401);
      const [, traceId, serverSpanId] = refused.headers.get('traceresponse')!.split('-');
      const [server] = await exported(serverSpanId);
      expect(server).toMatchObject({ kind: SERVER, traceId, name: 'GET /api/v1/cart' });
      expect(Number(server.attribute('http.response.status_code')?.intValue)).toBe(401);
      expect(server.attribute('http.route')).toEqual({ stringValue: '/api/v1/cart/*' });
      expect(spans().filter((span) => span.traceId === traceId)).toHaveLength(1);
    });
  });
});
