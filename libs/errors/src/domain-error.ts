import { type FieldError } from './problem';

export interface DomainErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members of the problem body, e.g. `{ available: 3 }`. Never put secrets or internals here. */
  extensions?: Record<string, unknown>;
  /** Response headers such as `Retry-After` or `WWW-Authenticate`. */
  headers?: Record<string, string>;
}

/**
 * An error the API reports to clients: a stable `code`, the HTTP status and a human title. Services throw
 * these (or subclasses); the problem filter turns them into `application/problem+json`.
 */
export class DomainError extends Error {
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: DomainErrorOptions = {},
  ) {
    super(options.detail ?? title);
    this.name = 'DomainError';
    this.detail = options.detail ?? title;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail = 'The request is not valid; see errors[] for each field.') {
    super(400, 'VALIDATION_FAILED', 'Validation failed', { detail, errors });
  }
}

export class NotFoundError extends DomainError {
  constructor(code: string, detail: string) {
    super(404, code, 'Not found', { detail });
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, detail: string, extensions?: Record<string, unknown>) {
    super(409, code, 'Conflict', { detail, extensions });
  }
}

/** An upstream service could not be reached in time or its circuit is open. */
export class UpstreamUnavailableError extends DomainError {
  constructor(upstream: string, retryAfterSeconds: number) {
    super(503, 'UPSTREAM_UNAVAILABLE', 'Upstream service unavailable', {
      detail: `${upstream} is unavailable; retry after ${retryAfterSeconds} s.`,
      extensions: { upstream },
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}
