import { type MetricsService } from '@app/metrics';

const BREAKER_STATE = { close: 0, halfOpen: 1, open: 2 } as const;

/** Upstream call counters and durations, and each breaker's state (0 closed, 1 half-open, 2 open). */
export class UpstreamMetrics {
  private readonly calls;
  private readonly duration;
  private readonly breaker;

  constructor(metrics: MetricsService) {
    this.calls = metrics.counter('upstream_requests_total', 'Calls to other services by outcome.', [
      'upstream',
      'method',
      'outcome',
    ]);
    this.duration = metrics.histogram('upstream_request_duration_seconds', 'Duration of calls to other services.', [
      'upstream',
    ]);
    this.breaker = metrics.gauge(
      'upstream_circuit_breaker_state',
      'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
      ['upstream'],
    );
  }

  record(upstream: string, method: string, outcome: string, startedAt: number): void {
    this.calls.inc({ upstream, method, outcome });
    this.duration.observe({ upstream }, (performance.now() - startedAt) / 1000);
  }

  breakerState(upstream: string, state: keyof typeof BREAKER_STATE): void {
    this.breaker.set({ upstream }, BREAKER_STATE[state]);
  }
}
