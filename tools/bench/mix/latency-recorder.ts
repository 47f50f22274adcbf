/**
 * How one call ended: `ok` (2xx), `shed` (503 with Retry-After: the service refused at once, as overload must
 * be answered), `timeout` (the client gave up waiting: what overload must never cause), or `error` (anything
 * else: another status, a refused connection).
 */
export type Outcome = 'ok' | 'shed' | 'timeout' | 'error';

interface EndpointSamples {
  latencies: number[];
  /** Failed calls by status code, `timeout` for the client's own deadline and `network` for no answer at all. */
  failures: Record<string, number>;
  shed: number;
  timeouts: number;
}

/** Latencies and outcomes per endpoint, summarised as throughput, error rate and percentiles. */
export class LatencyRecorder {
  private readonly endpoints = new Map<string, EndpointSamples>();

  /** `status` names a failure in the summary (an HTTP status, `timeout` or `network`); ignored for `ok`. */
  record(endpoint: string, milliseconds: number, outcome: Outcome, status: number | string = outcome): void {
    let samples = this.endpoints.get(endpoint);
    if (!samples) {
      samples = { latencies: [], failures: {}, shed: 0, timeouts: 0 };
      this.endpoints.set(endpoint, samples);
    }
    samples.latencies.push(milliseconds);
    if (outcome === 'ok') return;
    samples.failures[status] = (samples.failures[status] ?? 0) + 1;
    if (outcome === 'shed') samples.shed += 1;
    if (outcome === 'timeout') samples.timeouts += 1;
  }

  /** One row per endpoint in the order they were first recorded; percentiles over every call, failed or not. */
  summary(durationSeconds: number): EndpointSummary[] {
    return [...this.endpoints.entries()].map(([endpoint, samples]) => {
      const sorted = [...samples.latencies].sort((a, b) => a - b);
      const failed = Object.values(samples.failures).reduce((sum, count) => sum + count, 0);
      return {
        endpoint,
        requests: sorted.length,
        requestsPerSecond: round(sorted.length / durationSeconds),
        errorRate: round(failed / sorted.length, 4),
        shed: samples.shed,
        timeouts: samples.timeouts,
        failures: { ...samples.failures },
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
        maxMs: round(sorted[sorted.length - 1] ?? 0),
      };
    });
  }
}

export interface EndpointSummary {
  endpoint: string;
  requests: number;
  requestsPerSecond: number;
  /** Share of calls that did not end in 2xx (shed and timed-out calls included). */
  errorRate: number;
  shed: number;
  timeouts: number;
  failures: Record<string, number>;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]);
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
