import { UpstreamUnavailableError } from '@app/errors';
import { timeLeftMs } from '@app/request-context';
import CircuitBreaker from 'opossum';
import { attemptTimeoutMs, retryFits } from './attempt-budget';
import { backoffDelayMs, sleep } from './backoff';
import { forwardedAuthorization, propagatedHeaders } from './outgoing-headers';
import { UpstreamFailure, UpstreamResponseError } from './upstream-errors';
import { type UpstreamMetrics } from './upstream-metrics';

export interface UpstreamSettings {
  /** Name used in errors, logs and metrics, e.g. `product-service`. */
  name: string;
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  breakerResetMs: number;
  breakerErrorPercent: number;
}

export type Credentials = 'forward' | 'service' | 'none';

export interface UpstreamRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  /** Whose credentials the call carries: the caller's, this service's own, or none. */
  credentials: Credentials;
  /** POST/PATCH are retried only when the caller says repeating them is safe (e.g. keyed by an order id). */
  idempotent?: boolean;
}

export interface UpstreamResponse<T> {
  status: number;
  body: T;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);
const RETRYABLE_STATUS = new Set([502, 503, 504]);

/**
 * One upstream service: per-attempt timeout, retries with backoff and jitter for idempotent calls only, and
 * a circuit breaker that turns a struggling upstream into an immediate 503 problem instead of a pile-up.
 * Within a request that has a deadline (libs/request-context), each attempt gets at most the time left and
 * no attempt or retry starts that the time left cannot usefully cover.
 */
export class UpstreamClient {
  private readonly breaker: CircuitBreaker<[UpstreamRequest, string | undefined, number], UpstreamResponse<unknown>>;

  constructor(
    private readonly settings: UpstreamSettings,
    private readonly metrics: UpstreamMetrics,
    private readonly serviceToken: () => Promise<string>,
  ) {
    this.breaker = new CircuitBreaker(
      (request: UpstreamRequest, authorization: string | undefined, timeoutMs: number) =>
        this.attempt(request, authorization, timeoutMs),
      {
        timeout: false, // each attempt has its own abort timeout
        resetTimeout: settings.breakerResetMs,
        errorThresholdPercentage: settings.breakerErrorPercent,
        rollingCountTimeout: 10_000,
        volumeThreshold: 5,
        // A 4xx is a healthy upstream giving a definite answer.
        errorFilter: (error: unknown) => error instanceof UpstreamResponseError,
      },
    );
    this.breaker.on('open', () => this.metrics.breakerState(settings.name, 'open'));
    this.breaker.on('halfOpen', () => this.metrics.breakerState(settings.name, 'halfOpen'));
    this.breaker.on('close', () => this.metrics.breakerState(settings.name, 'close'));
    this.metrics.breakerState(settings.name, 'close');
  }

  get name(): string {
    return this.settings.name;
  }

  get isOpen(): boolean {
    return this.breaker.opened;
  }

  async request<T>(request: UpstreamRequest): Promise<UpstreamResponse<T>> {
    const authorization = await this.authorizationFor(request.credentials);
    const retryable = request.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
    const attempts = retryable ? this.settings.retries + 1 : 1;
    for (let attempt = 0; ; attempt += 1) {
      const timeoutMs = attemptTimeoutMs(this.settings.timeoutMs, timeLeftMs());
      if (timeoutMs === undefined) throw this.unavailable();
      try {
        return (await this.breaker.fire(request, authorization, timeoutMs)) as UpstreamResponse<T>;
      } catch (error) {
        if (error instanceof UpstreamResponseError) throw error;
        const backoffMs = backoffDelayMs(attempt);
        const last =
          attempt + 1 >= attempts ||
          this.breaker.opened ||
          !retryFits(this.settings.timeoutMs, backoffMs, timeLeftMs());
        if (last) throw this.unavailable();
        await sleep(backoffMs);
      }
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  /** The same 503 whether the upstream failed or the request ran out of time waiting for it. */
  private unavailable(): UpstreamUnavailableError {
    return new UpstreamUnavailableError(this.settings.name, Math.ceil(this.settings.breakerResetMs / 1000));
  }

  private async authorizationFor(credentials: Credentials): Promise<string | undefined> {
    if (credentials === 'forward') return forwardedAuthorization();
    if (credentials === 'service') return `Bearer ${await this.serviceToken()}`;
    return undefined;
  }

  private async attempt(
    request: UpstreamRequest,
    authorization: string | undefined,
    timeoutMs: number,
  ): Promise<UpstreamResponse<unknown>> {
    const started = performance.now();
    const headers: Record<string, string> = { accept: 'application/json', ...propagatedHeaders() };
    if (authorization) headers.authorization = authorization;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(new URL(request.path, this.settings.baseUrl), {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const reason = failureReason(error, timeoutMs < this.settings.timeoutMs);
      this.metrics.record(this.settings.name, request.method, reason, started);
      throw new UpstreamFailure(this.settings.name, reason);
    }
    const text = await response.text().catch(() => '');
    const body = parseJson(text);
    if (RETRYABLE_STATUS.has(response.status) || response.status >= 500) {
      this.metrics.record(this.settings.name, request.method, `http_${response.status}`, started);
      throw new UpstreamFailure(this.settings.name, `status ${response.status}`);
    }
    this.metrics.record(
      this.settings.name,
      request.method,
      response.ok ? 'success' : `http_${response.status}`,
      started,
    );
    if (!response.ok) throw new UpstreamResponseError(this.settings.name, response.status, body);
    return { status: response.status, body };
  }
}

/**
 * `deadline` when the attempt was cut short by the request's budget rather than its own timeout: it still
 * counts against the breaker (the upstream did not answer in time), the metric tells the two apart.
 */
function failureReason(error: unknown, cutByDeadline: boolean): string {
  if ((error as Error).name !== 'TimeoutError') return 'network';
  return cutByDeadline ? 'deadline' : 'timeout';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
