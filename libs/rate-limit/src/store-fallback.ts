import { Logger } from '@nestjs/common';

/** Told each time a limit is decided in this replica's memory because Redis did not answer. */
export type FallbackListener = (store: string) => void;

/**
 * Reports the fall-back of a Redis store to per-replica memory: every decision to the listener (a metric),
 * and a warning `rate_limit_store_fallback` at most once a minute per store, so an outage is visible
 * without a log line per request.
 */
export class StoreFallbackReporter {
  private readonly logger = new Logger('RateLimitStore');
  private lastWarning = 0;

  constructor(
    private readonly store: string,
    private readonly listener: FallbackListener = () => undefined,
  ) {}

  fellBack(error: unknown): void {
    this.listener(this.store);
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.logger.warn({
      msg: 'rate_limit_store_fallback',
      detail: 'Redis did not answer; limits are held per replica in memory until it does',
      store: this.store,
      error: String(error),
    });
  }
}
