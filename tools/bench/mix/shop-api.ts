import { type LatencyRecorder, type Outcome } from './latency-recorder';

export interface CallResult {
  /** 0 when no answer came (client timeout, refused connection). */
  status: number;
  body: Record<string, unknown>;
  /** The answer's Retry-After header, if any (503 and 429). */
  retryAfter?: string;
}

/** The client's deadline for one call unless told otherwise: overload must be answered well before it. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** How an answer counts: a 503 carrying Retry-After is load shed, as the services must answer overload. */
export function outcomeOf(status: number, retryAfter: string | null | undefined): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 503 && retryAfter) return 'shed';
  return 'error';
}

export interface CallOptions {
  json?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

/** What a virtual shopper needs of the API: one call, recorded under `label`. */
export interface ShopClient {
  call(label: string, method: string, path: string, options?: CallOptions): Promise<CallResult>;
}

/** Plain HTTP against the public API, timing every call under a stable endpoint label. */
export class ShopApi implements ShopClient {
  constructor(
    private readonly baseUrl: string,
    private readonly recorder: LatencyRecorder,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  async call(label: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const started = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: options.json === undefined ? undefined : JSON.stringify(options.json),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      const retryAfter = response.headers.get('retry-after') ?? undefined;
      const body = parseBody(text);
      // A failure is named by its status and the problem's code: `503 SERVICE_OVERLOADED`, `503 LOGIN_BUSY`...
      const failure = typeof body.code === 'string' ? `${response.status} ${body.code}` : response.status;
      this.recorder.record(label, performance.now() - started, outcomeOf(response.status, retryAfter), failure);
      return { status: response.status, body, retryAfter };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      this.recorder.record(
        label,
        performance.now() - started,
        timedOut ? 'timeout' : 'error',
        timedOut ? 'timeout' : 'network',
      );
      return { status: 0, body: {} };
    }
  }
}

function parseBody(text: string): Record<string, unknown> {
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { text };
  }
}
