import { type LatencyRecorder } from './latency-recorder';

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
}

/** Plain HTTP against the public API, timing every call under a stable endpoint label. */
export class ShopApi {
  constructor(
    private readonly baseUrl: string,
    private readonly recorder: LatencyRecorder,
  ) {}

  async call(
    label: string,
    method: string,
    path: string,
    options: { json?: unknown; token?: string; headers?: Record<string, string> } = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      this.recorder.record(label, performance.now() - started, response.ok);
      return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    } catch {
      this.recorder.record(label, performance.now() - started, false);
      return { status: 0, body: {} };
    }
  }
}
