/** Latencies and outcomes per endpoint, summarised as throughput, error rate and percentiles. */
export class LatencyRecorder {
  private readonly samples = new Map<string, number[]>();
  private readonly errors = new Map<string, number>();

  record(endpoint: string, milliseconds: number, ok: boolean): void {
    if (!this.samples.has(endpoint)) this.samples.set(endpoint, []);
    this.samples.get(endpoint)!.push(milliseconds);
    if (!ok) this.errors.set(endpoint, (this.errors.get(endpoint) ?? 0) + 1);
  }

  summary(durationSeconds: number): EndpointSummary[] {
    return [...this.samples.entries()].map(([endpoint, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const errors = this.errors.get(endpoint) ?? 0;
      return {
        endpoint,
        requests: sorted.length,
        requestsPerSecond: round(sorted.length / durationSeconds),
        errorRate: round(errors / sorted.length, 4),
        p50Ms: percentile(sorted, 50),
        p95Ms: percentile(sorted, 95),
        p99Ms: percentile(sorted, 99),
      };
    });
  }
}

export interface EndpointSummary {
  endpoint: string;
  requests: number;
  requestsPerSecond: number;
  errorRate: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round(sorted[rank]);
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
