import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { core, type tracing } from '@opentelemetry/sdk-node';

type ExportResult = core.ExportResult;

/**
 * Sends the edge's spans as OTLP/JSON with fetch. The edge runs inside other processes, among them Jest's test
 * runner, where the OTLP HTTP exporter cannot send at all: it loads node:http with a dynamic import(), which Jest
 * refuses without --experimental-vm-modules. Loaded only when the edge traces (createEdgeTracing).
 */
export class FetchSpanExporter implements tracing.SpanExporter {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  export(spans: tracing.ReadableSpan[], done: (result: ExportResult) => void): void {
    const { SUCCESS, FAILED } = core.ExportResultCode;
    const sent = fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JsonTraceSerializer.serializeRequest(spans),
      signal: AbortSignal.timeout(this.timeoutMs),
    }).then(
      async (response) => {
        await response.arrayBuffer();
        done(response.ok ? { code: SUCCESS } : { code: FAILED, error: new Error(`OTLP answered ${response.status}`) });
      },
      (error: unknown) => done({ code: FAILED, error: error as Error }),
    );
    this.pending.add(sent);
    void sent.finally(() => this.pending.delete(sent));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.pending);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
  }
}
