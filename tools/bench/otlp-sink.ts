import { createServer } from 'node:http';

export interface OtlpSink {
  /** OTEL_EXPORTER_OTLP_ENDPOINT for the process under test. */
  endpoint: string;
  /** Spans received so far (OTLP/JSON, as @opentelemetry/exporter-trace-otlp-http sends them). */
  spans(): number;
  stop(): Promise<void>;
}

interface ExportRequest {
  resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
}

/**
 * The cheapest possible trace backend: takes every OTLP/HTTP export with a 200 and only counts its spans. It runs
 * in the benchmark's own process, so what the measured server spends on tracing is all that is measured, and the
 * count shows whether its exporter kept up or dropped spans.
 */
export async function startOtlpSink(): Promise<OtlpSink> {
  let spans = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString()) as ExportRequest;
          for (const resource of body.resourceSpans ?? [])
            for (const scope of resource.scopeSpans ?? []) spans += scope.spans?.length ?? 0;
        } catch {
          // Not JSON (a protobuf exporter): accepted, not counted.
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    spans: () => spans,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
