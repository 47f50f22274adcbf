/** The upstream answered with a 4xx: a definite answer the caller maps to its own error; never retried. */
export class UpstreamResponseError extends Error {
  constructor(
    readonly upstream: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${upstream} answered ${status}`);
    this.name = 'UpstreamResponseError';
  }

  /** The machine code of the upstream's problem body, when it sent one. */
  get code(): string | undefined {
    const code = (this.body as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  }
}

/** Network failure, timeout or 5xx: counts against the circuit breaker and may be retried. */
export class UpstreamFailure extends Error {
  constructor(
    readonly upstream: string,
    readonly reason: string,
  ) {
    super(`${upstream} failed: ${reason}`);
    this.name = 'UpstreamFailure';
  }
}
