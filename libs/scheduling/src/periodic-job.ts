/** What a periodic job does with a pass that failed: report it; the next interval tries again. */
export type PassFailureHandler = (error: unknown) => void;

export interface PeriodicJobOptions {
  /** Time between passes; 0 or less means the job never runs on its own (tests and one-off runs still can). */
  intervalMs: number;
  /** Called with the error of a pass started by the timer (a pass started by `run()` rejects to its caller). */
  onFailure: PassFailureHandler;
  /** Also run one pass right when the job starts, instead of waiting a whole interval. */
  runAtStart?: boolean;
}

/**
 * One background pass every interval, in every replica, the same way in every service: never two passes of
 * the same job at once (a call while one runs joins it), a timer that never keeps the process alive, and a
 * stop that waits for the running pass so shutdown never cuts a pass in half. Passes must be safe to run in
 * several replicas at once (conditional or idempotent updates): this is a timer, not a lock.
 */
export class PeriodicJob<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;
  private again = false;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly options: PeriodicJobOptions,
  ) {}

  get started(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.options.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.runInBackground(), this.options.intervalMs);
    this.timer.unref();
    if (this.options.runAtStart) this.runInBackground();
  }

  /** The pass running now, or a new one; rejects with the pass's error. */
  run(): Promise<T> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
      if (this.again && this.timer) {
        this.again = false;
        this.runInBackground();
      }
    });
    return this.running;
  }

  /**
   * Asks for a pass soon: now when none runs, else one more right after the running one (which may have read
   * its work before the caller's new work was recorded). Ignored unless the job is started.
   */
  request(): void {
    if (!this.timer) return; // stopped (or never started): the job's timer owns background passes
    if (this.running) this.again = true;
    else this.runInBackground();
  }

  /** Stops the timer and waits for the running pass; its failure is the failure handler's business. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.running?.catch(() => undefined);
  }

  private runInBackground(): void {
    this.run().catch((error: unknown) => this.options.onFailure(error));
  }
}
